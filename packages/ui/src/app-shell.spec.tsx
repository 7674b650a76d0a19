import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppShell, type LinkProps, PageHeading } from './app-shell.js';
import { Panel } from './panel.js';

const NAVIGATION = [
  { href: '/drive', label: 'My drive' },
  { href: '/settings/sessions', label: 'Sessions', current: true },
];

describe('AppShell', () => {
  const html = renderToStaticMarkup(
    <AppShell product="drive" name="Coffre" homeHref="/drive" navigationLabel="Drive and settings" navigation={NAVIGATION} account={<button>Sign out</button>} aside={<p>Usage</p>}>
      <h1>Sessions</h1>
    </AppShell>,
  );

  it('has a skip link first, then banner, navigation and main, once each', () => {
    expect(html.indexOf('href="#main"')).toBeLessThan(html.indexOf('<header'));
    expect([...html.matchAll(/<(header|nav|main)\b/g)].map((match) => match[1])).toEqual(['header', 'nav', 'main']);
    expect(html).toContain('<main id="main" class="coffre-app__main" tabindex="-1"><h1>Sessions</h1></main>');
    expect(html).toContain('<nav class="coffre-app__nav" aria-label="Drive and settings">');
  });

  it('marks the current page for assistive technology and the eye', () => {
    expect(html).toContain('<a href="/settings/sessions" class="coffre-app__nav-link coffre-app__nav-link--current" aria-current="page">Sessions</a>');
    expect(html).toContain('<a href="/drive" class="coffre-app__nav-link">My drive</a>');
  });

  it('renders links with the component it is given, so the app can navigate without reloading', () => {
    const RouterLink = ({ href, children, className }: LinkProps) => (
      <a href={href} className={className} data-router="yes">
        {children}
      </a>
    );
    const routed = renderToStaticMarkup(
      <AppShell product="drive" name="Coffre" homeHref="/drive" navigationLabel="Drive" navigation={NAVIGATION} linkComponent={RouterLink}>
        x
      </AppShell>,
    );
    expect(routed.match(/data-router="yes"/g)).toHaveLength(3);
    expect(routed).not.toContain('coffre-app__account');
    expect(routed).not.toContain('coffre-app__aside');
  });
});

describe('PageHeading', () => {
  it("holds the page's h1, its intro and actions", () => {
    expect(renderToStaticMarkup(<PageHeading title="My drive" intro={<p>Intro</p>} actions={<button>New folder</button>} />)).toBe(
      '<div class="coffre-page-heading"><div class="coffre-page-heading__text"><h1 class="coffre-page-heading__title">My drive</h1>' +
        '<div class="coffre-page-heading__intro"><p>Intro</p></div></div><div class="coffre-page-heading__actions"><button>New folder</button></div></div>',
    );
  });
});

describe('Panel', () => {
  it('is a region named by its heading, at the level asked for', () => {
    const html = renderToStaticMarkup(
      <Panel title="Sign in" headingLevel={1} width="narrow">
        form
      </Panel>,
    );
    const headingId = /<h1 id="([^"]+)"/.exec(html)![1];
    expect(html).toContain(`<section class="coffre-panel coffre-panel--plain coffre-panel--narrow" aria-labelledby="${headingId}">`);
    expect(html).toContain('>Sign in</h1>form</section>');
  });

  it('frames dangerous actions, and defaults to an h2', () => {
    const html = renderToStaticMarkup(
      <Panel title="Delete account" tone="danger" intro={<p>Gone for good.</p>}>
        x
      </Panel>,
    );
    expect(html).toContain('coffre-panel--danger coffre-panel--wide');
    expect(html).toMatch(/<h2 id="[^"]+" class="coffre-panel__title">Delete account<\/h2><div class="coffre-panel__intro"><p>Gone for good.<\/p><\/div>/);
  });
});
