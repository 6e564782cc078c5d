import '@primer/primitives/dist/css/primitives.css';
import '@primer/primitives/dist/css/functional/themes/light.css';
import '@primer/primitives/dist/css/functional/themes/dark.css';
import './styles/base.css';
import './styles/lists.css';
import './styles/panel.css';
import './styles/dashboard.css';
import './styles/miner.css';
import './styles/phone.css';
import { BaseStyles } from '@primer/react';
import { ThemeProvider } from '@primer/react/next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { shouldRetry } from './hooks/queries.ts';
import { useColorMode } from './hooks/useColorMode.ts';

const client = new QueryClient({
  defaultOptions: {
    queries: {
      retry: shouldRetry,
      retryDelay: 600,
      // The live stream invalidates what changed; this only bounds how old a page revisited later may be.
      staleTime: 30_000,
      refetchOnWindowFocus: true,
    },
  },
});

function Root() {
  const [mode, cycle] = useColorMode();
  return (
    <ThemeProvider colorMode={mode} dayScheme="light" nightScheme="dark">
      <BaseStyles>
        <App mode={mode} onCycleMode={cycle} />
      </BaseStyles>
    </ThemeProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
