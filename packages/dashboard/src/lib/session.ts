import type { SessionAnswer, User } from './types.js';

/** What the dashboard keeps of a sign-in: both tokens, the access token's expiry and the user. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: User;
}

/** Where sessions live between page loads of one tab. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SESSION_KEY = 'finops-autopilot.session';

export function sessionFromAnswer(answer: SessionAnswer): Session {
  const expiresAt = Date.parse(answer.expiresAt);
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    expiresAt: Number.isNaN(expiresAt) ? Date.now() + 60 * 60_000 : expiresAt,
    user: answer.user,
  };
}

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<Session>;
  return (
    typeof candidate.accessToken === 'string' &&
    typeof candidate.refreshToken === 'string' &&
    typeof candidate.expiresAt === 'number' &&
    typeof candidate.user === 'object' &&
    candidate.user !== null &&
    typeof candidate.user.email === 'string'
  );
}

/**
 * The current session, kept in `sessionStorage` (gone when the tab closes;
 * never in `localStorage`), with change listeners.
 */
export class SessionStore {
  #session: Session | null;
  readonly #storage: StorageLike | undefined;
  readonly #listeners = new Set<(session: Session | null) => void>();

  constructor(storage: StorageLike | undefined = globalThis.sessionStorage) {
    this.#storage = storage;
    this.#session = null;
    try {
      const raw = storage?.getItem(SESSION_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      this.#session = isSession(parsed) ? parsed : null;
    } catch {
      this.#session = null;
    }
  }

  get(): Session | null {
    return this.#session;
  }

  set(session: Session | null): void {
    this.#session = session;
    try {
      if (session) this.#storage?.setItem(SESSION_KEY, JSON.stringify(session));
      else this.#storage?.removeItem(SESSION_KEY);
    } catch {
      // Storage full or blocked: the session still works for this page.
    }
    for (const listener of this.#listeners) listener(session);
  }

  subscribe(listener: (session: Session | null) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
