import { DeviceDesktopIcon, MoonIcon, QuestionIcon, SearchIcon, SunIcon } from '@primer/octicons-react';
import { IconButton, TextInput } from '@primer/react';
import { useState, type FormEvent } from 'react';
import type { ColorMode } from '../hooks/useColorMode.ts';
import { navigate } from '../hooks/useRoute.ts';
import { SEARCH_INPUT_ID } from '../hooks/useShortcuts.ts';
import { hrefOf, type Route } from '../url-state.ts';
import { AppLink } from './AppLink.tsx';
import { MinerLookup, StarredMinerGlance } from './miner/StarredMinerGlance.tsx';

const MODE_WORDS: Record<ColorMode, string> = { auto: 'system', light: 'light', dark: 'dark' };
const NEXT: Record<ColorMode, ColorMode> = { auto: 'light', light: 'dark', dark: 'auto' };
const MODE_ICONS = { auto: DeviceDesktopIcon, light: SunIcon, dark: MoonIcon };

interface HeaderProps {
  route: Route;
  mode: ColorMode;
  onCycleMode: () => void;
  onHelp: () => void;
}

export function Header({ route, mode, onCycleMode, onHelp }: HeaderProps) {
  const routeQ = route.view === 'search' ? route.q : '';
  const [q, setQ] = useState(routeQ);
  // The box shows the search in the URL when the URL changes (Back, a shared link).
  const [seenQ, setSeenQ] = useState(routeQ);
  if (seenQ !== routeQ) {
    setSeenQ(routeQ);
    setQ(routeQ);
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!q.trim()) return;
    const base = route.view === 'search' ? route : { view: 'search' as const, type: '' as const, repos: '', item: null };
    navigate(hrefOf({ ...base, q: q.trim(), cursor: '', item: null }));
  };
  const here = route.view === 'repos' || route.view === 'repo' ? 'repos' : route.view === 'list' ? route.tab : route.view === 'dashboard' || route.view === 'leaderboard' || route.view === 'starred' ? route.view : null;
  const ModeIcon = MODE_ICONS[mode];

  return (
    <header className="hub-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppLink href="/" className="brand">
        SN74 Hub
      </AppLink>
      <nav aria-label="Views" className="hub-nav">
        <AppLink href="/" aria-current={here === 'repos' ? 'page' : undefined}>
          Repositories
        </AppLink>
        <AppLink href="/issues" aria-current={here === 'issues' ? 'page' : undefined}>
          Issues
        </AppLink>
        <AppLink href="/pulls" aria-current={here === 'pulls' ? 'page' : undefined}>
          Pull requests
        </AppLink>
        <AppLink href="/dashboard" aria-current={here === 'dashboard' ? 'page' : undefined}>
          Dashboard
        </AppLink>
        <AppLink href="/leaderboard" aria-current={here === 'leaderboard' ? 'page' : undefined}>
          Leaderboard
        </AppLink>
        <AppLink href="/starred" aria-current={here === 'starred' ? 'page' : undefined}>
          Starred
        </AppLink>
      </nav>
      <form role="search" className="hub-search" onSubmit={submit}>
        <TextInput
          id={SEARCH_INPUT_ID}
          type="search"
          leadingVisual={SearchIcon}
          aria-label="Search issues and pull requests"
          placeholder="Search (press /)"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
          block
        />
      </form>
      <MinerLookup />
      <StarredMinerGlance />
      <div className="hub-actions">
        <IconButton icon={ModeIcon} variant="invisible" aria-label={`Theme: ${MODE_WORDS[mode]}. Switch to ${MODE_WORDS[NEXT[mode]]}`} onClick={onCycleMode} />
        <IconButton icon={QuestionIcon} variant="invisible" aria-label="Keyboard shortcuts" onClick={onHelp} />
      </div>
    </header>
  );
}
