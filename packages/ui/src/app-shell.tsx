import { type ComponentType, type ReactNode } from 'react';
import { BrandMark } from './brand-mark.js';
import { type Product } from './shell.js';

/** The props {@link AppShell} gives its links. */
export interface LinkProps {
  href: string;
  className?: string;
  'aria-current'?: 'page' | undefined;
  children: ReactNode;
}

/** What renders the links: `<a>` itself, or a router's link (Next.js `Link`). */
export type LinkComponent = ComponentType<LinkProps>;

/** One entry of the application's navigation. */
export interface AppNavigationLink {
  readonly href: string;
  readonly label: string;
  /** The page being shown: marked with `aria-current="page"` and highlighted. */
  readonly current?: boolean;
}

/** Props of {@link AppShell}. */
export interface AppShellProps {
  readonly product: Product;
  readonly name: string;
  /** Where the brand link leads: the application's start page. */
  readonly homeHref: string;
  /** Label of the navigation landmark, e.g. "Drive". */
  readonly navigationLabel: string;
  readonly navigation: readonly AppNavigationLink[];
  /** Right end of the top bar: who is signed in, and signing out. */
  readonly account?: ReactNode;
  /** Under the navigation, e.g. storage usage. */
  readonly aside?: ReactNode;
  /**
   * Renders the links, so an application can navigate without reloading the page (which would
   * restart its workers); a plain `<a>` by default.
   */
  readonly linkComponent?: LinkComponent;
  readonly children: ReactNode;
}

function PlainLink({ children, ...rest }: LinkProps) {
  return <a {...rest}>{children}</a>;
}

/**
 * The frame of a signed-in application: a skip link, a top bar (brand and account), a side
 * navigation, and the `main` landmark. Each landmark appears once, and the current page is
 * announced as such in the navigation.
 */
export function AppShell({
  product,
  name,
  homeHref,
  navigationLabel,
  navigation,
  account,
  aside,
  linkComponent: Link = PlainLink,
  children,
}: AppShellProps) {
  return (
    <div className="coffre-app" data-product={product}>
      <a className="coffre-skip-link" href="#main">
        Skip to content
      </a>
      <header className="coffre-app__bar">
        <Link className="coffre-brand" href={homeHref}>
          <BrandMark />
          <span className="coffre-brand__name">{name}</span>
        </Link>
        {account === undefined ? null : <div className="coffre-app__account">{account}</div>}
      </header>
      <div className="coffre-app__body">
        <div className="coffre-app__side">
          <nav className="coffre-app__nav" aria-label={navigationLabel}>
            <ul>
              {navigation.map((link) => (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    className={link.current ? 'coffre-app__nav-link coffre-app__nav-link--current' : 'coffre-app__nav-link'}
                    aria-current={link.current ? 'page' : undefined}
                  >
                    {link.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {aside === undefined ? null : <div className="coffre-app__aside">{aside}</div>}
        </div>
        <main id="main" className="coffre-app__main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** Props of {@link PageHeading}. */
export interface PageHeadingProps {
  /** The page's one `h1`. */
  readonly title: string;
  readonly intro?: ReactNode;
  /** Buttons at the right of the heading, e.g. "New folder". */
  readonly actions?: ReactNode;
}

/** The heading block at the top of an application page. */
export function PageHeading({ title, intro, actions }: PageHeadingProps) {
  return (
    <div className="coffre-page-heading">
      <div className="coffre-page-heading__text">
        <h1 className="coffre-page-heading__title">{title}</h1>
        {intro === undefined ? null : <div className="coffre-page-heading__intro">{intro}</div>}
      </div>
      {actions === undefined ? null : <div className="coffre-page-heading__actions">{actions}</div>}
    </div>
  );
}
