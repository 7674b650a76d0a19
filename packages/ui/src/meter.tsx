import { useId } from 'react';

/** Units of {@link formatBytes}: powers of 1024, named as people read them on their devices. */
const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A byte count for people: `0 bytes`, `1 byte`, `12.3 MB`, `2 GB`. Powers of 1024, one decimal
 * below 100 of a unit, none above.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`not a byte count: ${bytes}`);
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${Math.round(bytes)} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value < 100 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${UNITS[unit]}`;
}

/** Props of {@link UsageMeter}. */
export interface UsageMeterProps {
  readonly usedBytes: number;
  /** Zero or less: no quota, the meter is left out and only the usage is stated. */
  readonly quotaBytes: number;
  readonly label?: string;
}

/**
 * Storage used against the quota: a sentence and a native `<meter>` (no inline style, which the
 * Content-Security-Policy forbids). The meter turns to its warning colour past 90 %.
 */
export function UsageMeter({ usedBytes, quotaBytes, label = 'Storage' }: UsageMeterProps) {
  const labelId = useId();
  const hasQuota = quotaBytes > 0;
  const text = hasQuota ? `${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)} used` : `${formatBytes(usedBytes)} used`;
  return (
    <div className="coffre-usage">
      <p className="coffre-usage__label" id={labelId}>
        {label}: <span className="coffre-usage__text">{text}</span>
      </p>
      {hasQuota ? (
        <meter
          className="coffre-usage__meter"
          aria-labelledby={labelId}
          min={0}
          max={quotaBytes}
          low={quotaBytes * 0.75}
          high={quotaBytes * 0.9}
          optimum={0}
          value={Math.min(usedBytes, quotaBytes)}
        />
      ) : null}
    </div>
  );
}

/** Props of {@link StrengthMeter}. */
export interface StrengthMeterProps {
  /** 0 (very weak) to 4 (strong). */
  readonly score: 0 | 1 | 2 | 3 | 4;
  /** The verdict in words, e.g. "Strong"; the meter never relies on colour alone. */
  readonly label: string;
  /** One piece of advice, e.g. "Add another word or two." */
  readonly advice?: string | undefined;
}

/** How strong a password looks: a five-step `<meter>` and the verdict in words. */
export function StrengthMeter({ score, label, advice }: StrengthMeterProps) {
  return (
    <div className="coffre-strength" aria-live="polite">
      <meter className="coffre-strength__meter" min={0} max={4} low={1.5} high={2.5} optimum={4} value={score} aria-label="Password strength" />
      <p className="coffre-strength__text">
        Strength: <strong>{label}</strong>
        {advice === undefined ? null : <> · {advice}</>}
      </p>
    </div>
  );
}
