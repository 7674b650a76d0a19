import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import NotFound from './not-found.tsx';
import LandingPage from './page.tsx';

const html = renderToStaticMarkup(<LandingPage />);

function matches(pattern: RegExp, text = html): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('drive landing page', () => {
  it('has one h1, and h2s in reading order', () => {
    expect(matches(/<h1[^>]*>([^<]*)<\/h1>/g)).toEqual(['Your files, readable by you alone.']);
    expect(matches(/<h2[^>]*>([^<]*)<\/h2>/g)).toEqual([
      'How it works',
      'Who it is for',
      'What our servers can and cannot see',
      'Get started',
    ]);
  });

  it('links only to the home page, the account pages, or sections that exist on it', () => {
    const ids = new Set(matches(/ id="([^"]+)"/g));
    for (const href of new Set(matches(/<a [^>]*href="([^"]*)"/g))) {
      if (['/', '/login', '/signup'].includes(href)) continue;
      expect(href, 'same-site anchor').toMatch(/^\/?#/);
      expect(ids, href).toContain(href.slice(href.indexOf('#') + 1));
    }
  });

  it('leads to signing in and creating an account, with nothing left "coming soon"', () => {
    expect(matches(/<a [^>]*href="\/login"[^>]*>([^<]*)<\/a>/g)).toEqual(['Sign in', 'Sign in']);
    expect(matches(/<a [^>]*href="\/signup"[^>]*>([^<]*)<\/a>/g)).toEqual(['Create account', 'Create account', 'Create account']);
    expect(html).not.toContain('coming soon');
  });

  it('states plainly what the server can see', () => {
    for (const visible of ['account email address', 'IP addresses', 'when you connect', 'how many files', 'approximate sizes']) {
      expect(html).toContain(visible);
    }
  });
});

describe('drive not-found page', () => {
  it('keeps the site frame and offers the way home', () => {
    const notFound = renderToStaticMarkup(<NotFound />);
    expect(matches(/<h1[^>]*>([^<]*)<\/h1>/g, notFound)).toEqual(['Nothing here']);
    expect(notFound).toContain('<main id="main"');
    expect(notFound).toMatch(/<a [^>]*href="\/">Back to the home page<\/a>/);
  });
});
