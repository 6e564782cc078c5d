import { AppLink } from './AppLink.tsx';

/** "assigned to ann, bob": each login a link to the list of that person's items. */
export function Assignees({ logins, href, className }: { logins: string[]; href: (login: string) => string; className?: string }) {
  if (logins.length === 0) return null;
  return (
    <span className={className}>
      assigned to{' '}
      {logins.map((login, i) => (
        <span key={login}>
          {i ? ', ' : ''}
          <AppLink href={href(login)}>{login}</AppLink>
        </span>
      ))}
    </span>
  );
}
