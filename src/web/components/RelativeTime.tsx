import { relative, useNow } from '../hooks/useNow.ts';

/**
 * A time as "5 min ago", with the exact UTC time on hover and for machines.
 * `text`: words already decided for it (freshness words come from freshness()).
 */
export function RelativeTime({ iso, prefix, text }: { iso: string | null | undefined; prefix?: string; text?: string | null }) {
  const now = useNow();
  if (!iso) return <span>{prefix ? `${prefix} never` : 'never'}</span>;
  const exact = new Date(iso).toUTCString();
  return (
    <time dateTime={iso} title={exact}>
      {prefix ? `${prefix} ` : ''}
      {text ?? relative(iso, now)}
    </time>
  );
}
