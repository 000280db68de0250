// Who is signed in: read once from GET /session, changed by sign-in, first-run set-up and sign-out, and ended
// when any call answers 401 (the API client reports it here), which brings back the sign-in page.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, call, onSessionEnded, setCsrfToken } from './api/client.js';
import type { Account, SessionInfo } from './api/types.js';

/** The console's view of its session. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable'; error: unknown }
  | { status: 'setup' }
  | { status: 'signedOut'; reason?: string }
  | { status: 'signedIn'; account: Account; expiresAt?: string; idleMinutes?: number };

interface SessionApi {
  state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  setup(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

/** Holds the session for the whole console. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    onSessionEnded((message) => setState({ status: 'signedOut', reason: message }));
    api.get<SessionInfo>('/session').then(
      (s) => {
        setCsrfToken(s.csrfToken);
        if (s.setupRequired) setState({ status: 'setup' });
        else if (s.signedIn && s.via === 'session' && s.account) setState({ status: 'signedIn', account: s.account, expiresAt: s.expiresAt, idleMinutes: s.idleMinutes });
        else setState({ status: 'signedOut' });
      },
      (error: unknown) => setState({ status: 'unreachable', error }),
    );
  }, [attempt]);

  const signIn = useCallback(async (username: string, password: string) => {
    const r = await call<{ account: Account; csrfToken: string; expiresAt: string }>('POST', '/session', { body: { username, password }, endSessionOn401: false });
    setCsrfToken(r.csrfToken);
    setState({ status: 'signedIn', account: r.account, expiresAt: r.expiresAt });
  }, []);
  const setup = useCallback(async (username: string, password: string) => {
    const r = await call<{ account: Account; csrfToken: string; expiresAt: string }>('POST', '/setup', { body: { username, password }, endSessionOn401: false });
    setCsrfToken(r.csrfToken);
    setState({ status: 'signedIn', account: r.account, expiresAt: r.expiresAt });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await call('DELETE', '/session', { endSessionOn401: false });
    } finally {
      setCsrfToken(undefined);
      setState({ status: 'signedOut', reason: 'You are signed out.' });
    }
  }, []);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  return <SessionContext.Provider value={{ state, signIn, setup, signOut, retry }}>{children}</SessionContext.Provider>;
}

/** The session and its actions, for any component inside the provider. */
export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
