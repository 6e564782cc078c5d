import { Dialog } from '@primer/react';

const KEYS: [keys: string[], what: string][] = [
  [['j', '↓'], 'next item in the list'],
  [['k', '↑'], 'previous item in the list'],
  [['Enter'], 'open the focused item'],
  [['Esc'], 'close the item panel or this help'],
  [['/'], 'search'],
  [['?'], 'this help'],
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} width="medium">
      <dl className="shortcuts">
        {KEYS.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {keys.map((k, i) => (
                <span key={k}>
                  {i ? ' or ' : ''}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">The arrow keys move through a list once one of its items has focus.</p>
    </Dialog>
  );
}
