import { useId } from 'react';

/** Props of {@link ProgressBar}. */
export interface ProgressBarProps {
  /** What is progressing, e.g. a file name; the bar's accessible name. */
  readonly label: string;
  readonly value: number;
  readonly max: number;
  /** Details beside the label, e.g. "4 MB of 10 MB · 2 MB/s · 3 s left". */
  readonly detail?: string;
  /** Shows the bar without a value (queued, or size unknown). */
  readonly indeterminate?: boolean;
}

/**
 * A labelled native `<progress>` (no inline style: the Content-Security-Policy forbids it). The
 * label names the bar and the detail describes it, so a screen reader reads both with its value.
 */
export function ProgressBar({ label, value, max, detail, indeterminate = false }: ProgressBarProps) {
  const id = useId();
  return (
    <div className="coffre-progress">
      <div className="coffre-progress__text">
        <span id={`${id}-label`} className="coffre-progress__label">
          {label}
        </span>
        {detail === undefined ? null : (
          <span id={`${id}-detail`} className="coffre-progress__detail">
            {detail}
          </span>
        )}
      </div>
      <progress
        className="coffre-progress__bar"
        aria-labelledby={`${id}-label`}
        aria-describedby={detail === undefined ? undefined : `${id}-detail`}
        max={max > 0 ? max : 1}
        {...(indeterminate ? {} : { value: max > 0 ? Math.min(Math.max(value, 0), max) : 1 })}
      />
    </div>
  );
}
