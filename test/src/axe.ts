import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AxeResults, type ImpactValue } from 'axe-core';
import { type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** A failed accessibility rule, reduced to what a failure message needs. */
export interface AccessibilityViolation {
  readonly rule: string;
  readonly impact: ImpactValue | undefined;
  readonly help: string;
  /** CSS selectors of the offending elements. */
  readonly targets: readonly string[];
}

declare global {
  interface Window {
    axe?: { run(context: Document): Promise<AxeResults> };
  }
}

/**
 * Runs axe-core on the page as loaded and returns the violations whose impact is in `impacts`.
 *
 * axe is evaluated through the DevTools protocol rather than added as a `<script>`: the pages'
 * Content-Security-Policy refuses any script without the request's nonce, and must stay on.
 */
export async function findAccessibilityViolations(
  page: Page,
  impacts: readonly ImpactValue[] = ['serious', 'critical'],
): Promise<AccessibilityViolation[]> {
  const alreadyLoaded = await page.evaluate(() => window.axe !== undefined);
  if (!alreadyLoaded) {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  const results = await page.evaluate(() => {
    if (window.axe === undefined) throw new Error('axe-core did not load into the page');
    return window.axe.run(document);
  });
  return results.violations
    .filter((violation) => violation.impact !== undefined && violation.impact !== null && impacts.includes(violation.impact))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? undefined,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}
