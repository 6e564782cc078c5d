import { Empty } from '../components/QueryState.tsx';
import { AppLink } from '../components/AppLink.tsx';

export function NotFoundView({ path }: { path: string }) {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title">No such page</h1>
      <Empty title={`The hub has no page at ${path}`}>
        Start from the <AppLink href="/">repositories</AppLink>, or look at every open <AppLink href="/issues">issue</AppLink>.
      </Empty>
    </section>
  );
}
