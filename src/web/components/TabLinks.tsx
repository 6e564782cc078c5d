import { AppLink } from './AppLink.tsx';

export interface TabLink {
  href: string;
  label: string;
  current: boolean;
  count?: number;
}

/**
 * Tabs that are links: each tab is a URL (shareable, Back returns to the
 * previous tab), so they are a navigation with aria-current rather than an ARIA
 * tablist. Lighter than Primer's UnderlineNav, whose overflow menu the page
 * does not need.
 */
export function TabLinks({ label, tabs }: { label: string; tabs: TabLink[] }) {
  return (
    <nav aria-label={label} className="tab-links">
      {tabs.map((t) => (
        <AppLink key={t.href} href={t.href} aria-current={t.current ? 'page' : undefined}>
          {t.label}
          {t.count !== undefined ? <span className="tab-count">{t.count.toLocaleString('en')}</span> : null}
        </AppLink>
      ))}
    </nav>
  );
}
