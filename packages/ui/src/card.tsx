import { type ReactNode } from 'react';

/** Props of {@link Card}. */
export interface CardProps {
  readonly title: string;
  /**
   * Level of the card's heading. Cards usually sit under a section's `h2`, hence 3; pass
   * what keeps the page's outline free of skipped levels.
   */
  readonly headingLevel?: 2 | 3 | 4;
  readonly children: ReactNode;
}

/** A titled block of content, such as one feature or one promise. */
export function Card({ title, headingLevel = 3, children }: CardProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="coffre-card">
      <Heading className="coffre-card__title">{title}</Heading>
      <div className="coffre-card__body">{children}</div>
    </div>
  );
}

/** Lays out cards in as many columns as the viewport allows. */
export function CardGrid({ children }: { readonly children: ReactNode }) {
  return <div className="coffre-card-grid">{children}</div>;
}
