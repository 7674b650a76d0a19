import { type ReactNode } from 'react';
import { BrandMark } from './brand-mark.js';

/** Which product a page belongs to; the stylesheet picks the accent colours from it. */
export type Product = 'drive' | 'megabox';

/** One entry of the header's navigation. */
export interface NavigationLink {
  /** A path on the same site or an in-page anchor (`#security`). */
  readonly href: string;
  readonly label: string;
}

/** Props of {@link Shell}. */
export interface ShellProps {
  readonly product: Product;
  /** Product name shown beside the mark, e.g. `Coffre` or `MegaBox`. */
  readonly name: string;
  /** Where the brand link leads; the product's home page by default. */
  readonly homeHref?: string;
  /** Header navigation, in reading order. */
  readonly navigation: readonly NavigationLink[];
  /** Calls to action at the end of the header, such as signing in. */
  readonly actions?: ReactNode;
  /** Content of the page footer. */
  readonly footer: ReactNode;
  /** The page itself, rendered inside `<main>`. */
  readonly children: ReactNode;
}

/**
 * The frame every Coffre page sits in: a skip link, a banner with the brand and navigation,
 * the `main` landmark and a footer. Each landmark appears exactly once, so assistive
 * technology can jump between them.
 */
export function Shell({ product, name, homeHref = '/', navigation, actions, footer, children }: ShellProps) {
  return (
    <div className="coffre-shell" data-product={product}>
      <a className="coffre-skip-link" href="#main">
        Skip to content
      </a>
      <header className="coffre-header">
        <div className="coffre-header__inner">
          <a className="coffre-brand" href={homeHref}>
            <BrandMark />
            <span className="coffre-brand__name">{name}</span>
          </a>
          <nav className="coffre-nav" aria-label="Main">
            <ul>
              {navigation.map((link) => (
                <li key={link.href}>
                  <a href={link.href}>{link.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          {actions === undefined ? null : <div className="coffre-header__actions">{actions}</div>}
        </div>
      </header>
      {/* tabIndex lets the skip link move keyboard focus into main, not just scroll to it. */}
      <main id="main" className="coffre-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="coffre-footer">
        <div className="coffre-footer__inner">{footer}</div>
      </footer>
    </div>
  );
}
