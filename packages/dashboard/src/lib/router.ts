/**
 * A small history router: the server answers `index.html` for every path
 * outside `/api`, so `/recommendations/rec_1` works on reload and in links.
 */

export type Route =
  | { name: 'executive' }
  | { name: 'operations' }
  | { name: 'recommendations'; search: string }
  | { name: 'recommendation'; id: string }
  | { name: 'approvals'; search: string }
  | { name: 'login'; next: string | undefined }
  | { name: 'not-found'; path: string };

export interface LocationLike {
  pathname: string;
  search: string;
}

/** The route of a path and query string. */
export function parseRoute(location: LocationLike): Route {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const search = location.search.startsWith('?') ? location.search.slice(1) : location.search;
  if (path === '/' || path === '/executive') return { name: 'executive' };
  if (path === '/operations') return { name: 'operations' };
  if (path === '/recommendations') return { name: 'recommendations', search };
  if (path === '/approvals') return { name: 'approvals', search };
  if (path === '/login') {
    const next = new URLSearchParams(search).get('next') ?? undefined;
    return { name: 'login', next: next?.startsWith('/') && !next.startsWith('//') ? next : undefined };
  }
  const detail = /^\/recommendations\/([^/]+)$/.exec(path);
  if (detail?.[1]) {
    try {
      return { name: 'recommendation', id: decodeURIComponent(detail[1]) };
    } catch {
      return { name: 'not-found', path };
    }
  }
  return { name: 'not-found', path };
}

/** The path of a route (the inverse of {@link parseRoute}). */
export function pathOf(route: Route): string {
  switch (route.name) {
    case 'executive':
      return '/';
    case 'operations':
      return '/operations';
    case 'recommendations':
      return route.search ? `/recommendations?${route.search}` : '/recommendations';
    case 'recommendation':
      return `/recommendations/${encodeURIComponent(route.id)}`;
    case 'approvals':
      return route.search ? `/approvals?${route.search}` : '/approvals';
    case 'login':
      return route.next ? `/login?next=${encodeURIComponent(route.next)}` : '/login';
    case 'not-found':
      return route.path;
  }
}

const NAVIGATE = 'finops:navigate';

/** Goes to `path` without a page load; `replace` keeps history clean (filters, redirects). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const current = `${window.location.pathname}${window.location.search}`;
  if (current === path) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** Subscribes to location changes (back/forward and {@link navigate}). */
export function subscribeLocation(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE, listener);
  };
}

export function currentLocation(): string {
  return `${window.location.pathname}${window.location.search}`;
}
