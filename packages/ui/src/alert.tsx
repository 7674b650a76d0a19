import { type ReactNode } from 'react';

/** What an alert reports: a failure, a success, something to know, or something to act on. */
export type AlertTone = 'error' | 'success' | 'info' | 'warning';

/** Props of {@link Alert}. */
export interface AlertProps {
  readonly tone: AlertTone;
  /** A short summary in bold before the text, e.g. "Not signed in". */
  readonly title?: string;
  readonly children: ReactNode;
  /** For linking to the alert, e.g. from `aria-describedby`, or moving focus to it. */
  readonly id?: string;
}

/**
 * A message about what just happened. Errors use `role="alert"`, so screen readers announce them
 * as soon as they appear; the other tones use `role="status"`, which waits for a pause. The tone
 * is also spelled out in text, never conveyed by colour alone.
 */
export function Alert({ tone, title, children, id }: AlertProps) {
  return (
    <div id={id} className={`coffre-alert coffre-alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'} tabIndex={-1}>
      {title === undefined ? null : <p className="coffre-alert__title">{title}</p>}
      <div className="coffre-alert__body">{children}</div>
    </div>
  );
}
