import { type NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from '@coffre/ui/security-headers';

/**
 * The Content-Security-Policy is set per request by `proxy.ts`, because it carries a nonce;
 * the headers that never vary are set here, on every response including static assets.
 * README.md explains the choice.
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Next.js would otherwise write agent instruction files into the tree during `next dev`.
  agentRules: false,
  experimental: {
    // Adds integrity hashes to the script tags of the app's own chunks.
    sri: { algorithm: 'sha384' },
  },
  async headers() {
    return [{ source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
