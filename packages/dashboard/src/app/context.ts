import { createContext, useContext } from 'react';
import type { ApiClient } from '../lib/api.js';
import type { LiveStatus } from '../lib/live.js';
import type { Session } from '../lib/session.js';
import type { StreamMessage } from '../lib/types.js';

/** What a live listener receives: an event, or `resync` (refetch everything shown). */
export type LiveSignal = StreamMessage | 'resync';

export interface LiveState {
  status: LiveStatus;
  /** Events received on this page since sign-in. */
  received: number;
  /** When the last event arrived (epoch ms), if any. */
  lastEventAt: number | undefined;
}

export interface LiveHub {
  subscribe(listener: (signal: LiveSignal) => void): () => void;
}

export interface AppServices {
  api: ApiClient;
  session: Session | null;
  live: LiveHub;
  liveState: LiveState;
  /** Says something to screen-reader users (and shows it briefly on screen). */
  announce(message: string, tone?: 'info' | 'success' | 'error'): void;
  signOut(): Promise<void>;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
