import { type DragEvent, type ReactNode } from 'react';
import { type LinkComponent } from './app-shell.js';

/** One step of a {@link Breadcrumbs} trail. */
export interface Crumb {
  readonly href: string;
  readonly label: string;
  /** Something dropped on the crumb (e.g. files dragged onto a parent folder). */
  readonly onDrop?: (event: DragEvent<HTMLElement>) => void;
}

/** Props of {@link Breadcrumbs}. */
export interface BreadcrumbsProps {
  /** From the top down; the last is the page being shown and is not a link. */
  readonly trail: readonly Crumb[];
  readonly label?: string;
  readonly linkComponent?: LinkComponent;
}

function PlainLink({ children, ...rest }: { href: string; className?: string; children: ReactNode }) {
  return <a {...rest}>{children}</a>;
}

/**
 * Where a page sits in a hierarchy: a `nav` landmark with an ordered list, the current step
 * marked `aria-current="page"` (WAI-ARIA Authoring Practices, breadcrumb pattern). The separators
 * are CSS, so screen readers do not read them out.
 */
export function Breadcrumbs({ trail, label = 'Breadcrumbs', linkComponent: Link = PlainLink }: BreadcrumbsProps) {
  return (
    <nav className="coffre-breadcrumbs" aria-label={label}>
      <ol>
        {trail.map((crumb, index) => {
          const last = index === trail.length - 1;
          const dropProps =
            crumb.onDrop === undefined
              ? {}
              : { onDragOver: (event: DragEvent<HTMLElement>) => event.preventDefault(), onDrop: crumb.onDrop };
          return (
            <li key={crumb.href} className="coffre-breadcrumbs__item" {...dropProps}>
              {last ? (
                <span aria-current="page">{crumb.label}</span>
              ) : (
                <Link href={crumb.href} className="coffre-breadcrumbs__link">
                  {crumb.label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
