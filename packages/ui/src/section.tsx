import { type ReactNode } from 'react';

/** Props of {@link Hero}. */
export interface HeroProps {
  /** A short line above the title naming the product or audience. */
  readonly eyebrow?: string;
  /** The page's one `h1`. */
  readonly title: string;
  readonly lead: ReactNode;
  /** Calls to action below the lead. */
  readonly actions?: ReactNode;
}

/** The top of a landing page: the page's `h1`, what the product is, and what to do next. */
export function Hero({ eyebrow, title, lead, actions }: HeroProps) {
  return (
    <section className="coffre-hero" aria-labelledby="hero-title">
      <div className="coffre-section__inner">
        {eyebrow === undefined ? null : <p className="coffre-hero__eyebrow">{eyebrow}</p>}
        <h1 id="hero-title" className="coffre-hero__title">
          {title}
        </h1>
        <div className="coffre-hero__lead">{lead}</div>
        {actions === undefined ? null : <div className="coffre-hero__actions">{actions}</div>}
      </div>
    </section>
  );
}

/** Props of {@link PageSection}. */
export interface PageSectionProps {
  /** Anchor of the section, so navigation can link to it; also names its heading. */
  readonly id: string;
  /** The section's `h2`. */
  readonly title: string;
  readonly intro?: ReactNode;
  /** `muted` sets the section on a tinted background to separate it from its neighbours. */
  readonly tone?: 'plain' | 'muted';
  readonly children?: ReactNode;
}

/** A titled band of a page, labelled by its heading so it shows up as a region. */
export function PageSection({ id, title, intro, tone = 'plain', children }: PageSectionProps) {
  const headingId = `${id}-title`;
  return (
    <section id={id} className={`coffre-section coffre-section--${tone}`} aria-labelledby={headingId}>
      <div className="coffre-section__inner">
        <h2 id={headingId} className="coffre-section__title">
          {title}
        </h2>
        {intro === undefined ? null : <div className="coffre-section__intro">{intro}</div>}
        {children}
      </div>
    </section>
  );
}
