import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import NotFound from './not-found.tsx';
import LandingPage from './page.tsx';

const html = renderToStaticMarkup(<LandingPage />);

function matches(pattern: RegExp, text = html): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('MegaBox landing page', () => {
  it('has one h1, and h2s in reading order', () => {
    expect(matches(/<h1[^>]*>([^<]*)<\/h1>/g)).toEqual(['Music that pays the people who made it.']);
    expect(matches(/<h2[^>]*>([^<]*)<\/h2>/g)).toEqual([
      'For artists',
      'For listeners',
      'What MegaBox can and cannot see',
      'The store opens soon',
    ]);
  });

  it('links only to the home page or to sections that exist on it', () => {
    const ids = new Set(matches(/ id="([^"]+)"/g));
    for (const href of new Set(matches(/<a [^>]*href="([^"]*)"/g))) {
      if (href === '/') continue;
      expect(href, 'same-site anchor').toMatch(/^\/?#/);
      expect(ids, href).toContain(href.slice(href.indexOf('#') + 1));
    }
  });

  it('says that signing in and creating an account are not open yet', () => {
    for (const label of ['Sign in', 'Create account']) {
      const links = matches(new RegExp(`<a [^>]*>(${label}<span[^>]*>[^<]*)</span></a>`, 'g'));
      expect(links.length, label).toBeGreaterThan(0);
      for (const link of links) expect(link).toMatch(/coming soon$/);
    }
  });

  it('promises DRM-free, perpetual purchases and direct payment', () => {
    expect(html).toContain('perpetual and DRM-free');
    expect(html).toContain('cannot be taken');
    expect(html).toContain('straight to the artists through Stripe');
  });

  it('states plainly what the store can see, and what must be trusted', () => {
    for (const visible of ['account email address', 'IP addresses', 'what you buy', 'which tracks you stream']) {
      expect(html).toContain(visible);
    }
    expect(html).toContain('licence service holds every track key in escrow');
  });
});

describe('MegaBox not-found page', () => {
  it('keeps the site frame and offers the way home', () => {
    const notFound = renderToStaticMarkup(<NotFound />);
    expect(matches(/<h1[^>]*>([^<]*)<\/h1>/g, notFound)).toEqual(['Nothing here']);
    expect(notFound).toContain('<main id="main"');
    expect(notFound).toMatch(/<a [^>]*href="\/">Back to the home page<\/a>/);
  });
});
