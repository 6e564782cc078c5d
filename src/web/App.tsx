import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { DemoBanner } from './components/DemoBanner.tsx';
import { FreshnessBar } from './components/FreshnessBar.tsx';
import { Header } from './components/Header.tsx';
import { ItemPanel, preloadMarkdown } from './components/ItemPanel.tsx';
import { Loading } from './components/QueryState.tsx';
import { ShortcutsDialog } from './components/ShortcutsDialog.tsx';
import { Toasts } from './components/Toasts.tsx';
import type { ColorMode } from './hooks/useColorMode.ts';
import { useLiveUpdates } from './hooks/useLiveUpdates.ts';
import { useRoute } from './hooks/useRoute.ts';
import { useShortcuts } from './hooks/useShortcuts.ts';
import type { Route } from './url-state.ts';

// The dashboard's charts (recharts) load with the dashboard: every other view paints without them.
const DashboardView = lazy(() => import('./views/DashboardView.tsx').then((m) => ({ default: m.DashboardView })));
import { LeaderboardView } from './views/LeaderboardView.tsx';
import { ListView } from './views/ListView.tsx';
import { MinerView } from './views/MinerView.tsx';
import { MaintainersView } from './views/MaintainersView.tsx';
import { NotFoundView } from './views/NotFoundView.tsx';
import { RepoView } from './views/RepoView.tsx';
import { ReposView } from './views/ReposView.tsx';
import { SearchView } from './views/SearchView.tsx';
import { StarredView } from './views/StarredView.tsx';

function titleOf(route: Route): string {
  switch (route.view) {
    case 'repos':
      return 'Repositories';
    case 'repo':
      return `${route.repo} ${route.tab === 'pulls' ? 'pull requests' : 'issues'}`;
    case 'list':
      return route.tab === 'pulls' ? 'Pull requests' : 'Issues';
    case 'search':
      return route.q ? `Search: ${route.q}` : 'Search';
    case 'dashboard':
      return 'Dashboard';
    case 'leaderboard':
      return route.repo ? `Leaderboard: ${route.repo}` : 'Leaderboard';
    case 'miner':
      return `Miner ${route.login}`;
    case 'maintainers':
      return `${route.repo} maintainers`;
    case 'starred':
      return 'Starred';
    case 'not-found':
      return 'No such page';
  }
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'repos':
      return <ReposView route={route} />;
    case 'repo':
      // A key per repository: its "last visit" is read afresh when another repository opens.
      return <RepoView key={route.repo.toLowerCase()} route={route} />;
    case 'list':
      return <ListView route={route} />;
    case 'search':
      return <SearchView route={route} />;
    case 'dashboard':
      return (
        <Suspense fallback={<Loading what="the dashboard" />}>
          <DashboardView route={route} />
        </Suspense>
      );
    case 'leaderboard':
      return <LeaderboardView route={route} />;
    case 'miner':
      return <MinerView key={route.login.toLowerCase()} route={route} />;
    case 'maintainers':
      return <MaintainersView key={route.repo.toLowerCase()} route={route} />;
    case 'starred':
      return <StarredView route={route} />;
    case 'not-found':
      return <NotFoundView path={route.path} />;
  }
}

export function App({ mode, onCycleMode }: { mode: ColorMode; onCycleMode: () => void }) {
  const route = useRoute();
  const live = useLiveUpdates();
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  useShortcuts(openHelp);
  useEffect(() => {
    document.title = `${titleOf(route)} · SN74 Hub`;
  }, [route]);
  useEffect(preloadMarkdown, []);
  const item = route.view === 'repo' || route.view === 'list' || route.view === 'search' ? route.item : null;

  return (
    <div className="app">
      <Header route={route} mode={mode} onCycleMode={onCycleMode} onHelp={openHelp} />
      <DemoBanner />
      <FreshnessBar live={live} />
      <main id="main" tabIndex={-1}>
        <View route={route} />
      </main>
      {item ? <ItemPanel itemRef={item} route={route} /> : null}
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
      <Toasts />
    </div>
  );
}
