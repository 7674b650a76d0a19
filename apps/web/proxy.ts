import { contentSecurityPolicy, createNonce } from '@coffre/ui/security-headers';
import { type NextRequest, NextResponse } from 'next/server';

/**
 * Gives every page response its own CSP nonce. Next.js reads the nonce from the request's
 * Content-Security-Policy header while rendering and stamps it on its scripts, so the policy
 * is sent both ways: into the render, and back to the browser.
 */
export function proxy(request: NextRequest): NextResponse {
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    // A build-time constant that Next.js inlines, not configuration read at run time.
    development: process.env.NODE_ENV === 'development',
  });
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
  ],
};
