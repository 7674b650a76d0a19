import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatBytes, StrengthMeter, UsageMeter } from './meter.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024 ** 3, '10 GB'],
    [123.4 * 1024 ** 2, '123 MB'],
    [99.94 * 1024 ** 2, '99.9 MB'],
    [2 * 1024 ** 6, '2048 PB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (bytes) => {
    expect(() => formatBytes(bytes)).toThrow(RangeError);
  });
});

describe('UsageMeter', () => {
  it('states the usage in words and draws a native meter, with no inline style', () => {
    const html = renderToStaticMarkup(<UsageMeter usedBytes={512 * 1024 ** 2} quotaBytes={10 * 1024 ** 3} />);
    expect(html).toContain('<span class="coffre-usage__text">512 MB of 10 GB used</span>');
    expect(html).toMatch(/<meter class="coffre-usage__meter" aria-labelledby="([^"]+)" min="0" max="10737418240"/);
    const labelId = /aria-labelledby="([^"]+)"/.exec(html)![1];
    expect(html).toContain(`id="${labelId}"`);
    expect(html).not.toContain('style=');
  });

  it('caps the meter at the quota, and leaves it out without a quota', () => {
    expect(renderToStaticMarkup(<UsageMeter usedBytes={20} quotaBytes={10} />)).toContain('value="10"');
    const unlimited = renderToStaticMarkup(<UsageMeter usedBytes={2048} quotaBytes={0} />);
    expect(unlimited).toContain('2 KB used');
    expect(unlimited).not.toContain('<meter');
  });
});

describe('StrengthMeter', () => {
  it('gives the verdict in words beside the meter, and announces changes', () => {
    const html = renderToStaticMarkup(<StrengthMeter score={3} label="Good" advice="Add a word." />);
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('value="3"');
    expect(html).toContain('aria-label="Password strength"');
    expect(html).toContain('Strength: <strong>Good</strong> · Add a word.');
  });
});
