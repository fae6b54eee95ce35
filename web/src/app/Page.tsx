import { Alert, Box, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { errorMessage, isApiError } from './api.js';
import { IconAlert, IconLock } from './icons.js';
import { usePageTitle } from './usePageTitle.js';

export interface PageProps {
  readonly title: string;
  readonly description?: ReactNode;
  /** Buttons shown at the right of the title. */
  readonly actions?: ReactNode;
  readonly children?: ReactNode;
  /** Narrow content width for forms. */
  readonly narrow?: boolean;
}

/**
 * The frame of every screen: sets the document title, renders the one <h1> and moves focus to
 * it when the screen opens so keyboard and screen-reader users start at the new content.
 */
/** The first screen after a full page load keeps the browser's focus order (skip link first). */
let firstScreen = true;

export function Page({ title, description, actions, children, narrow }: PageProps) {
  usePageTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstScreen) {
      firstScreen = false;
      return;
    }
    const active = document.activeElement;
    // Only take focus from navigation (or nothing), never from a field the user is typing in.
    if (!active || active === document.body || active.closest('nav, header, [data-focus-page]')) heading.current?.focus({ preventScroll: true });
  }, [title]);

  return (
    <Stack gap="lg" maw={narrow ? 720 : undefined}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Box style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Title order={1} ref={heading} tabIndex={-1} className="page-title">
            {title}
          </Title>
          {description ? (
            <Text c="dimmed" mt={4} maw={760}>
              {description}
            </Text>
          ) : null}
        </Box>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
      {children}
    </Stack>
  );
}

/** A clear message for a 403: the role does not allow this screen or action. */
export function Forbidden({ what = 'this page' }: { what?: string }) {
  return (
    <Alert variant="light" color="orange" title="You don’t have access" icon={<IconLock />} role="alert">
      Your role in this organization does not allow you to see {what}. Ask an owner or admin of the organization if you need access.
    </Alert>
  );
}

/** Shows an error from a query or mutation; 403s get the access message. */
export function ErrorAlert({ error, title = 'Something went wrong', onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (isApiError(error, 403) && error.type?.endsWith('/forbidden')) return <Forbidden />;
  return (
    <Alert variant="light" color="red" title={title} icon={<IconAlert />} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="default" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Group>
    </Center>
  );
}

/** Renders loading, error or the content of a query. */
export function QueryState<T>({
  query,
  children,
  loadingLabel,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
  loadingLabel?: string;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />;
}
