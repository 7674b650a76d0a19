// What an HTML page makes the browser load: scripts, stylesheets, preloads, icons and the worker
// chunks listed in preloads. Parsed with htmlparser2 rather than patterns, so attribute quoting
// and odd spacing cannot hide a tag.
import { Parser } from 'htmlparser2';

/** One resource a page refers to. */
export interface PageAsset {
  /** Absolute URL, resolved against the page. */
  url: string;
  /** The tag and attribute it came from, e.g. `script[src]`. */
  from: string;
  /** The `integrity` attribute, if any (Subresource Integrity). */
  integrity: string | undefined;
}

/** `<link rel>` values that make the browser fetch the target as part of the page. */
const LOADED_LINK_RELS = new Set(['stylesheet', 'preload', 'modulepreload', 'icon', 'apple-touch-icon', 'manifest', 'prefetch']);

/** The resources `html` (the page at `pageUrl`) loads, in document order. */
export function pageAssets(html: string, pageUrl: string): PageAsset[] {
  const assets: PageAsset[] = [];
  const add = (value: string | undefined, from: string, integrity: string | undefined) => {
    if (value === undefined || value.trim() === '') return;
    assets.push({ url: new URL(value.trim(), pageUrl).href, from, integrity });
  };
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script') add(attributes.src, 'script[src]', attributes.integrity);
      if (name === 'link') {
        const rels = (attributes.rel ?? '').toLowerCase().split(/\s+/);
        if (rels.some((rel) => LOADED_LINK_RELS.has(rel))) add(attributes.href, `link[rel=${attributes.rel}]`, attributes.integrity);
      }
      if (name === 'img') add(attributes.src, 'img[src]', undefined);
    },
  });
  parser.write(html);
  parser.end();
  return assets;
}
