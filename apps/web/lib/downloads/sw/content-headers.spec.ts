import { describe, expect, it } from 'vitest';
import { contentDisposition, contentHeaders, inlineContentType } from './content-headers.ts';

describe('inlineContentType', () => {
  it('shows passive media as what it is', () => {
    expect(inlineContentType('image/png')).toBe('image/png');
    expect(inlineContentType('audio/webm; codecs=opus')).toBe('audio/webm');
    expect(inlineContentType('video/mp4')).toBe('video/mp4');
    expect(inlineContentType('application/pdf')).toBe('application/pdf');
  });

  it('shows text-like types as plain text, never as what they claim', () => {
    expect(inlineContentType('text/html')).toBe('text/plain; charset=utf-8');
    expect(inlineContentType('application/javascript')).toBe('text/plain; charset=utf-8');
    expect(inlineContentType('application/json')).toBe('text/plain; charset=utf-8');
  });

  it('refuses to show anything that could run or that it does not know', () => {
    expect(inlineContentType('image/svg+xml')).toBeNull();
    expect(inlineContentType('application/xhtml+xml')).toBeNull();
    expect(inlineContentType('application/octet-stream')).toBeNull();
    expect(inlineContentType('not a type')).toBeNull();
    expect(inlineContentType(null)).toBeNull();
  });
});

describe('contentHeaders', () => {
  it('sends what cannot be shown as a download, whatever was asked', () => {
    const headers = contentHeaders({ disposition: 'inline', name: 'page.svg', mediaType: 'image/svg+xml' });
    expect(headers.get('content-type')).toBe('application/octet-stream');
    expect(headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sandboxes inline content, except PDF', () => {
    expect(contentHeaders({ disposition: 'inline', name: 'a.png', mediaType: 'image/png' }).get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'self'; sandbox");
    expect(contentHeaders({ disposition: 'inline', name: 'a.pdf', mediaType: 'application/pdf' }).get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'self'");
  });

  it('keeps names that would break the header out of its ASCII part', () => {
    expect(contentDisposition('attachment', 'résumé "final"; x.pdf')).toBe(`attachment; filename="r_sum_ _final__ x.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%3B%20x.pdf`);
  });
});
