import { PersonIcon, StarFillIcon } from '@primer/octicons-react';
import { TextInput } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { minerProjectionQuery, minerStandingQuery } from '../../hooks/queries.ts';
import { navigate } from '../../hooks/useRoute.ts';
import { useStars } from '../../hooks/useStars.ts';
import { formatPay } from '../../pay-format.ts';
import { isLogin, minerHref } from '../../url-state.ts';
import { AppLink } from '../AppLink.tsx';

/** The header's glance at the first starred miner: eligible repositories and pay per day, linking to the miner view. */
export function StarredMinerGlance() {
  const [stars] = useStars();
  const login = stars.login[0];
  if (!login) return null;
  return <Glance login={login} />;
}

function Glance({ login }: { login: string }) {
  const standing = useQuery(minerStandingQuery(login));
  const projection = useQuery(minerProjectionQuery(login));
  const eligible = standing.data ? `${standing.data.repos.filter((r) => r.eligible).length} eligible` : standing.isError ? 'standing unavailable' : '…';
  const today = projection.data?.points[0];
  return (
    <AppLink href={minerHref(login)} className="starred-glance" aria-label={`Starred miner ${login}: ${eligible}${today ? `, ${formatPay(today, 'usd')}` : ''}`}>
      <StarFillIcon size={14} className="star-on" />
      <span className="strong">{login}</span>
      <span>{eligible}</span>
      {today ? <span>{formatPay(today, today.usd === null ? 'share' : 'usd')}</span> : null}
    </AppLink>
  );
}

/** Go to a miner by GitHub login. */
export function MinerLookup() {
  const [login, setLogin] = useState('');
  const valid = isLogin(login.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) navigate(minerHref(login.trim()));
  };
  return (
    <form className="miner-lookup" onSubmit={submit} role="search" aria-label="Find a miner">
      <TextInput
        leadingVisual={PersonIcon}
        aria-label="Miner's GitHub login"
        placeholder="Miner login"
        value={login}
        onChange={(e) => setLogin(e.target.value)}
        validationStatus={login && !valid ? 'error' : undefined}
        autoComplete="off"
        size="small"
      />
    </form>
  );
}
