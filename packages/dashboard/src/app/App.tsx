import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Layout } from '../components/Layout.js';
import { ApiClient } from '../lib/api.js';
import { LiveClient, type LiveStatus, streamUrl } from '../lib/live.js';
import { currentLocation, navigate, pathOf } from '../lib/router.js';
import type { StreamMessage } from '../lib/types.js';
import { ApprovalsView } from '../views/ApprovalsView.js';
import { ExecutiveView } from '../views/ExecutiveView.js';
import { LoginView } from '../views/LoginView.js';
import { NotFoundView } from '../views/NotFoundView.js';
import { OperationsView } from '../views/OperationsView.js';
import { RecommendationDetailView } from '../views/RecommendationDetailView.js';
import { RecommendationsView } from '../views/RecommendationsView.js';
import { AppContext, type AppServices, type LiveSignal, type LiveState } from './context.js';
import { useRoute } from './hooks.js';
import { describeEvent } from './live-messages.js';

interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'error';
}

export interface AppProps {
  /** For tests: a client with a fake fetch and storage. */
  api?: ApiClient;
  /** For tests: no WebSocket. */
  createLive?:
    | ((handlers: ConstructorParameters<typeof LiveClient>[0]) => { start(): void; stop(): void })
    | null;
}

/** The whole dashboard: session, live stream, routing and the views. */
export function App({ api: givenApi, createLive }: AppProps = {}) {
  const [notice, setNotice] = useState<string | undefined>();
  const api = useMemo(() => givenApi ?? new ApiClient(), [givenApi]);
  useEffect(
    () => api.onSessionEnded(() => setNotice('Your session has expired. Sign in again to continue.')),
    [api],
  );
  const session = useSyncExternalStore(
    (listener) => api.store.subscribe(listener),
    () => api.store.get(),
  );
  const { route, location } = useRoute();

  // Live stream: one connection per signed-in user.
  const listeners = useRef(new Set<(signal: LiveSignal) => void>());
  const [liveState, setLiveState] = useState<LiveState>({
    status: 'stopped',
    received: 0,
    lastEventAt: undefined,
  });
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastId = useRef(0);
  const announce = useCallback((message: string, tone: Toast['tone'] = 'info') => {
    toastId.current += 1;
    const id = toastId.current;
    setToasts((current) => [...current.slice(-3), { id, message, tone }]);
    setTimeout(() => setToasts((current) => current.filter((toast) => toast.id !== id)), 6000);
  }, []);

  const userId = session?.user.id;
  useEffect(() => {
    if (!userId) return;
    const emit = (signal: LiveSignal) => {
      for (const listener of listeners.current) listener(signal);
    };
    const options: ConstructorParameters<typeof LiveClient>[0] = {
      url: streamUrl(window.location),
      token: () => api.accessToken(),
      refresh: async () => {
        try {
          await api.refresh();
          return true;
        } catch (error) {
          if (api.session) throw error;
          return false;
        }
      },
      onSessionEnded: () => {
        api.store.set(null);
        setNotice('Your session was ended on the server. Sign in again to continue.');
      },
      onEvent: (message: StreamMessage) => {
        setLiveState((state) => ({ ...state, received: state.received + 1, lastEventAt: Date.now() }));
        const described = describeEvent(message);
        if (described) announce(described.message, described.tone);
        emit(message);
      },
      onResync: () => emit('resync'),
      onStatus: (status: LiveStatus) => setLiveState((state) => ({ ...state, status })),
    };
    const client =
      createLive === undefined ? new LiveClient(options) : createLive === null ? null : createLive(options);
    client?.start();
    return () => client?.stop();
  }, [api, userId, createLive, announce]);

  const signOut = useCallback(async () => {
    await api.logout();
    setNotice('You are signed out.');
    navigate('/login', { replace: true });
  }, [api]);

  // One subscription point for the whole app: it must not change when the live state does, or
  // every event would renew the views' subscriptions and cancel the refetches they had scheduled.
  const live = useMemo<AppServices['live']>(
    () => ({
      subscribe(listener) {
        listeners.current.add(listener);
        return () => {
          listeners.current.delete(listener);
        };
      },
    }),
    [],
  );
  const services = useMemo<AppServices>(
    () => ({ api, session, live, liveState, announce, signOut }),
    [api, session, live, liveState, announce, signOut],
  );

  // Route guard: signed out → login (remembering where to come back); signed in → away from login.
  const needsLogin = !session && route.name !== 'login';
  const leaveLogin = session && route.name === 'login';
  useEffect(() => {
    if (needsLogin)
      navigate(pathOf({ name: 'login', next: location === '/' ? undefined : location }), { replace: true });
    else if (leaveLogin) navigate(route.name === 'login' && route.next ? route.next : '/', { replace: true });
  }, [needsLogin, leaveLogin, location, route]);

  let view: React.ReactNode;
  if (!session || route.name === 'login') {
    view = (
      <LoginView
        api={api}
        notice={notice}
        onSignedIn={() => {
          setNotice(undefined);
          const next = route.name === 'login' ? route.next : undefined;
          navigate(next ?? (currentLocation().startsWith('/login') ? '/' : currentLocation()), {
            replace: true,
          });
        }}
      />
    );
    return <AppContext.Provider value={services}>{view}</AppContext.Provider>;
  }
  switch (route.name) {
    case 'executive':
      view = <ExecutiveView />;
      break;
    case 'operations':
      view = <OperationsView />;
      break;
    case 'recommendations':
      view = <RecommendationsView search={route.search} />;
      break;
    case 'recommendation':
      view = <RecommendationDetailView id={route.id} />;
      break;
    case 'approvals':
      view = <ApprovalsView />;
      break;
    default:
      view = <NotFoundView />;
  }
  return (
    <AppContext.Provider value={services}>
      <Layout route={route}>{view}</Layout>
      <div className="toasts" role="status" aria-live="polite" aria-atomic="false">
        {toasts.map((toast) => (
          <p key={toast.id} className={`toast toast-${toast.tone}`}>
            {toast.message}
          </p>
        ))}
      </div>
    </AppContext.Provider>
  );
}
