import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Link, Navigate, Outlet, useLocation, useRouteError } from 'react-router';
import { ErrorAlert, Forbidden, Loading, Page } from './Page.js';
import type { Action } from './permissions.js';
import { APP_ROUTES } from './routes.js';
import { useSession } from './session.js';
import { Shell } from './Shell.js';

const LoginPage = lazy(() => import('../identity/LoginPage.js'));
const AcceptInvitationPage = lazy(() => import('../identity/AcceptInvitationPage.js'));
const ReportPage = lazy(() => import('../cvd/ReportPage.js'));
const AccountPage = lazy(() => import('../identity/AccountPage.js'));

/** Screens behind sign-in: anyone signed out is sent to /login and brought back afterwards. */
function RequireAuth() {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <Loading label="Loading Vigil…" />;
  if (session === null) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}${location.hash}` }} />;
  return <Shell />;
}

/** Screens for signed-out people (sign-in, invitation acceptance) in a centred frame. */
function PublicFrame() {
  return (
    <Suspense fallback={<Loading />}>
      <Outlet />
    </Suspense>
  );
}

function Guard({ permission, what, children }: { permission: Action | undefined; what: string; children: ReactNode }) {
  const { can } = useSession();
  if (permission && !can(permission)) {
    return (
      <Page title={what}>
        <Forbidden what={`the ${what.toLowerCase()} page`} />
      </Page>
    );
  }
  return <>{children}</>;
}

function NotFound() {
  return (
    <Page title="Page not found">
      <Stack gap="md" align="flex-start">
        <Text>There is no page at this address. It may have moved, or the link may be mistyped.</Text>
        <Button component={Link} to="/">
          Go to the dashboard
        </Button>
      </Stack>
    </Page>
  );
}

function RouteError() {
  const error = useRouteError();
  return (
    <Center mih="60vh" p="lg">
      <Stack maw={560} gap="md">
        <Title order={1}>Vigil ran into a problem</Title>
        <ErrorAlert error={error} title="This screen failed to load" />
        <Button onClick={() => window.location.reload()} w="fit-content">
          Reload the page
        </Button>
      </Stack>
    </Center>
  );
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <PublicFrame />,
        children: [
          { path: '/login', element: <LoginPage /> },
          { path: '/accept-invitation', element: <AcceptInvitationPage /> },
          { path: '/report/:orgSlug', element: <ReportPage /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          ...APP_ROUTES.map((r) => ({
            // A built screen may have sub-pages (e.g. /portfolio/:productId) routed inside it.
            path: r.element && r.path !== '/' ? `${r.path}/*` : r.path,
            element: (
              <Guard permission={r.permission} what={r.label}>
                {r.element}
              </Guard>
            ),
          })),
          { path: '/account', element: <AccountPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
