import { type Page } from 'playwright-core';

/** What a page did that a test may want to refuse. Filled in as the page runs. */
export interface PageWatch {
  /**
   * Console messages of type `error`, including CSP violations and failed loads, from the page
   * and from its dedicated workers (Playwright reports both on the page): a worker has its own
   * policy to violate.
   */
  readonly consoleErrors: string[];
  /** Uncaught exceptions thrown by the page's scripts. */
  readonly pageErrors: string[];
  /** Requests to anywhere but this machine. Each was aborted before it left the browser. */
  readonly offsiteRequests: string[];
}

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Whether a request to `url` stays on this machine. */
export function isLoopbackUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') {
    return true;
  }
  return hostname === 'localhost' || hostname === '[::1]' || IPV4_LOOPBACK.test(hostname);
}

/**
 * Starts recording console errors, uncaught exceptions and off-machine requests of `page`.
 * Off-machine requests are aborted as well as recorded, for the whole browser context, so a
 * page under test can never reach the network: the test fails instead.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = { consoleErrors: [], pageErrors: [], offsiteRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      watch.consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  await page.context().route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopbackUrl(url)) {
      await route.fallback();
      return;
    }
    watch.offsiteRequests.push(url);
    await route.abort('blockedbyclient');
  });
  return watch;
}
