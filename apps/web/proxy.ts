import { contentSecurityPolicy, createNonce, serviceWorkerContentSecurityPolicy, workerContentSecurityPolicy } from '@coffre/ui/security-headers';
import { type NextRequest, NextResponse } from 'next/server';
import { webConfig } from './lib/server/web-config.ts';

// A build-time constant that Next.js inlines, not configuration read at run time.
const development = process.env.NODE_ENV === 'development';

/**
 * Gives every page response its own CSP nonce. Next.js reads the nonce from the request's
 * Content-Security-Policy header while rendering and stamps it on its scripts, so the policy
 * is sent both ways: into the render, and back to the browser.
 *
 * The script that starts a worker gets a policy of its own (see `workerContentSecurityPolicy`):
 * workers do not inherit the page's, and Next.js serves its chunks without one.
 */
export function proxy(request: NextRequest): NextResponse {
  const { apiOrigin } = webConfig();
  if (request.headers.get('sec-fetch-dest') === 'worker') {
    const response = NextResponse.next();
    response.headers.set('Content-Security-Policy', workerContentSecurityPolicy({ connectSources: [apiOrigin], development }));
    // The same chunk fetched as a plain script must not be served this policy from a cache, nor
    // a worker be served a cached copy without it.
    response.headers.append('Vary', 'Sec-Fetch-Dest');
    return response;
  }
  if (request.headers.get('sec-fetch-dest') === 'serviceworker') {
    // The downloads Service Worker (lib/downloads/sw): its script's policy is the one it runs under.
    const response = NextResponse.next();
    response.headers.set('Content-Security-Policy', serviceWorkerContentSecurityPolicy({ connectSources: [apiOrigin] }));
    response.headers.set('Cache-Control', 'no-cache');
    return response;
  }
  const policy = contentSecurityPolicy({ nonce: createNonce(), development, connectSources: [apiOrigin] });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Hashed static chunks are not documents, and their integrity is pinned by SRI.
      source: '/((?!_next/static|_next/image).*)',
      // Prefetches fetch data for a later navigation, not a document that runs scripts.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
    {
      // Except a chunk fetched to start a worker: it is the worker's document, policy included.
      source: '/_next/static/chunks/:path*',
      has: [{ type: 'header', key: 'sec-fetch-dest', value: 'worker' }],
    },
  ],
};
