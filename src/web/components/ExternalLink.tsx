import type { AnchorProps } from './AppLink.tsx';

/** A link off the hub (GitHub): a new tab that cannot reach back into this page or learn where it came from. */
export function ExternalLink({ href, children, ...rest }: AnchorProps) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" {...rest}>
      {children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
