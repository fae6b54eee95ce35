import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { api, isApiError, setCsrfToken, setUnauthorizedHandler } from './api.js';
import { can, type Action, type OrgKind, type Role } from './permissions.js';

export interface SessionOrganization {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly kind: OrgKind;
  readonly role: Role;
}

export interface SessionData {
  readonly user: { readonly id: string; readonly email: string; readonly name: string };
  readonly organizations: SessionOrganization[];
  readonly activeOrganizationId: string | null;
  readonly csrfToken: string;
}

export interface SessionContextValue {
  /** undefined while loading, null when signed out. */
  readonly session: SessionData | null | undefined;
  readonly activeOrganization: SessionOrganization | null;
  readonly role: Role | null;
  can(action: Action): boolean;
  signIn(email: string, password: string): Promise<void>;
  /** After accepting an invitation the server has already opened a session. */
  adoptSession(csrfToken: string): Promise<void>;
  signOut(): Promise<void>;
  switchOrganization(organizationId: string): Promise<void>;
}

export const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<SessionData | null> {
  try {
    const session = await api<SessionData>('/api/v1/session', { expectUnauthorized: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error, 401)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { data: session } = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: 1 });

  // Any 401 means the session ended (expired, signed out elsewhere, password changed):
  // drop cached data and let the router send the user to the sign-in page.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  const adoptSession = useCallback(
    async (csrfToken: string) => {
      setCsrfToken(csrfToken);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      await queryClient.fetchQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 0 });
    },
    [queryClient],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const { csrfToken } = await api<{ csrfToken: string }>('/api/v1/auth/login', { method: 'POST', body: { email, password }, expectUnauthorized: true });
      await adoptSession(csrfToken);
    },
    [adoptSession],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST', expectUnauthorized: true });
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
    }
  }, [queryClient]);

  const switchOrganization = useCallback(
    async (organizationId: string) => {
      await api('/api/v1/session/organization', { method: 'PUT', body: { organizationId } });
      // Everything on screen belongs to the previous organization: refetch it all.
      await queryClient.resetQueries();
    },
    [queryClient],
  );

  const value = useMemo<SessionContextValue>(() => {
    const activeOrganization = session?.organizations.find((o) => o.id === session.activeOrganizationId) ?? null;
    const role = activeOrganization?.role ?? null;
    return {
      session,
      activeOrganization,
      role,
      can: (action) => can(role, action),
      signIn,
      adoptSession,
      signOut,
      switchOrganization,
    };
  }, [session, signIn, adoptSession, signOut, switchOrganization]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The session of a signed-in user; only for screens behind <RequireAuth>. */
export function useSignedIn(): SessionContextValue & { session: SessionData } {
  const value = useSession();
  if (!value.session) throw new Error('useSignedIn used outside a signed-in route');
  return value as SessionContextValue & { session: SessionData };
}
