import '@mantine/core/styles.css';
import './app/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { isApiError } from './app/api.js';
import { startEarly } from './app/early-start.js';
import { router } from './app/router.js';
import { SessionProvider } from './app/session.js';
import { cssVariablesResolver, theme } from './app/theme.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // Client errors (401, 403, 404…) will not change by retrying.
      retry: (failures, error) => !(isApiError(error) && error.status < 500) && failures < 2,
    },
  },
});

startEarly(queryClient, window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
