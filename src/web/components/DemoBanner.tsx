import { Flash } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import { healthQuery } from '../hooks/queries.ts';

/** Simulated data must never pass for GitHub's: the hub says so when /api/health reports demo mode. */
export function DemoBanner() {
  const health = useQuery(healthQuery);
  if (health.data?.mode !== 'demo') return null;
  return (
    <Flash variant="warning" className="demo-banner" role="note" aria-label="Demo data">
      <strong>Demo data.</strong> This hub is showing its built-in GitHub simulator, not GitHub: repositories, issues and people are made up. Give it
      GITHUB_TOKENS to mirror the real repositories.
    </Flash>
  );
}
