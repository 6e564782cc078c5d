import { progress } from '../../pay-format.ts';

/**
 * A labelled progress bar (a gate, the cliff): the words carry the numbers, the bar is the
 * picture. `danger` marks a bar whose fullness is bad news (the cliff).
 */
export function Meter({ label, value, threshold, words, ok, danger }: { label: string; value: number; threshold: number; words: string; ok: boolean; danger?: boolean }) {
  const fraction = progress(value, threshold);
  return (
    <div className={`meter ${ok ? 'meter-ok' : danger ? 'meter-danger' : 'meter-short'}`}>
      <div className="meter-words">
        <span className="meter-label">{label}</span>
        <span>{words}</span>
      </div>
      <div className="meter-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={threshold} aria-valuenow={Math.min(value, threshold)} aria-valuetext={words}>
        <span className="meter-fill" style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
    </div>
  );
}
