import { type ReactNode, useId } from 'react';

/** Props of {@link Panel}. */
export interface PanelProps {
  /** The panel's heading. */
  readonly title: string;
  /** Level of the heading: 1 when the panel is the page (sign-in), 2 inside a page (settings). */
  readonly headingLevel?: 1 | 2 | 3;
  readonly intro?: ReactNode;
  /** `danger` frames irreversible actions, such as deleting the account. */
  readonly tone?: 'plain' | 'danger';
  /** Narrow panels hold one form (sign-in, sign-up); wide ones hold lists. */
  readonly width?: 'narrow' | 'wide';
  readonly children: ReactNode;
}

/** A framed block holding one task: a form, a list, a confirmation. */
export function Panel({ title, headingLevel = 2, intro, tone = 'plain', width = 'wide', children }: PanelProps) {
  const Heading = `h${headingLevel}` as const;
  const headingId = useId();
  return (
    <section className={`coffre-panel coffre-panel--${tone} coffre-panel--${width}`} aria-labelledby={headingId}>
      <Heading id={headingId} className="coffre-panel__title">
        {title}
      </Heading>
      {intro === undefined ? null : <div className="coffre-panel__intro">{intro}</div>}
      {children}
    </section>
  );
}
