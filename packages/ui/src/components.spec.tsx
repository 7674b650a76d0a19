import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Button, ButtonLink } from './button.js';
import { Card, CardGrid } from './card.js';
import { Hero, PageSection } from './section.js';
import { Shell } from './shell.js';

describe('Shell', () => {
  const html = renderToStaticMarkup(
    <Shell
      product="megabox"
      name="MegaBox"
      navigation={[
        { href: '#how', label: 'How it works' },
        { href: '#artists', label: 'For artists' },
      ]}
      actions={<ButtonLink href="#join">Join</ButtonLink>}
      footer={<p>Footer text</p>}
    >
      <p>Page body</p>
    </Shell>,
  );

  it('renders each landmark once, in order', () => {
    const landmarks = [...html.matchAll(/<(header|nav|main|footer)\b/g)].map((match) => match[1]);
    expect(landmarks).toEqual(['header', 'nav', 'main', 'footer']);
  });

  it('starts with a skip link that targets main', () => {
    expect(html.indexOf('href="#main"')).toBeLessThan(html.indexOf('<header'));
    expect(html).toContain('<main id="main" class="coffre-main" tabindex="-1"><p>Page body</p></main>');
  });

  it('labels the navigation and renders its links in order', () => {
    expect(html).toContain('<nav class="coffre-nav" aria-label="Main">');
    expect(html.indexOf('>How it works</a>')).toBeLessThan(html.indexOf('>For artists</a>'));
  });

  it('marks the product for the stylesheet and hides the decorative mark', () => {
    expect(html).toContain('data-product="megabox"');
    expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
    expect(html).toContain('<span class="coffre-brand__name">MegaBox</span>');
  });

  it('omits the actions container when there are no actions', () => {
    const bare = renderToStaticMarkup(
      <Shell product="drive" name="Coffre" navigation={[]} footer={null}>
        x
      </Shell>,
    );
    expect(bare).not.toContain('coffre-header__actions');
    expect(bare).toContain('href="/"');
  });
});

describe('ButtonLink and Button', () => {
  it('puts the note inside the link text so it is announced', () => {
    expect(renderToStaticMarkup(<ButtonLink href="#accounts" variant="secondary" note="coming soon">Sign in</ButtonLink>)).toBe(
      '<a class="coffre-button coffre-button--secondary" href="#accounts">Sign in<span class="coffre-button__note">coming soon</span></a>',
    );
  });

  it('defaults a button to type="button" and keeps caller classes', () => {
    expect(renderToStaticMarkup(<Button className="wide">Save</Button>)).toBe(
      '<button type="button" class="coffre-button coffre-button--primary wide">Save</button>',
    );
    expect(renderToStaticMarkup(<Button type="submit">Send</Button>)).toContain('type="submit"');
  });
});

describe('Card, Hero and PageSection', () => {
  it('renders a card heading at the requested level', () => {
    expect(renderToStaticMarkup(<Card title="Keys">Body</Card>)).toContain('<h3 class="coffre-card__title">Keys</h3>');
    expect(renderToStaticMarkup(<Card title="Keys" headingLevel={4}>Body</Card>)).toContain('<h4 ');
    expect(renderToStaticMarkup(<CardGrid>x</CardGrid>)).toBe('<div class="coffre-card-grid">x</div>');
  });

  it('gives the hero the page h1 and labels its section with it', () => {
    const html = renderToStaticMarkup(<Hero title="Your files, only yours" lead="Lead" />);
    expect(html).toContain('aria-labelledby="hero-title"');
    expect(html).toContain('<h1 id="hero-title" class="coffre-hero__title">Your files, only yours</h1>');
    expect(html).not.toContain('coffre-hero__actions');
  });

  it('labels a section by its h2 and exposes its anchor', () => {
    const html = renderToStaticMarkup(<PageSection id="security" title="Security" tone="muted" />);
    expect(html).toBe(
      '<section id="security" class="coffre-section coffre-section--muted" aria-labelledby="security-title">' +
        '<div class="coffre-section__inner"><h2 id="security-title" class="coffre-section__title">Security</h2></div></section>',
    );
  });
});
