import { relative, useNow } from '../hooks/useNow.ts';

/** A time as "5 min ago", with the exact UTC time on hover and for machines. */
export function RelativeTime({ iso, prefix }: { iso: string | null | undefined; prefix?: string }) {
  const now = useNow();
  if (!iso) return <span>{prefix ? `${prefix} never` : 'never'}</span>;
  const exact = new Date(iso).toUTCString();
  return (
    <time dateTime={iso} title={exact}>
      {prefix ? `${prefix} ` : ''}
      {relative(iso, now)}
    </time>
  );
}
