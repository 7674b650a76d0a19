import { type ReactNode, useId } from 'react';

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  /** What is missing, e.g. "This folder is empty". */
  readonly title: string;
  /** What to do about it. */
  readonly children?: ReactNode;
  /** Buttons, e.g. "Upload files". */
  readonly actions?: ReactNode;
}

/** An empty list or page: a section named by its title, with what to do next. */
export function EmptyState({ title, children, actions }: EmptyStateProps) {
  const titleId = useId();
  return (
    <section className="coffre-empty" aria-labelledby={titleId}>
      <h2 id={titleId} className="coffre-empty__title">
        {title}
      </h2>
      {children}
      {actions === undefined ? null : <div className="coffre-empty__actions">{actions}</div>}
    </section>
  );
}
