'use client';

import { installTrustedTypesPolicy } from '@coffre/ui/trusted-types';

// Installed when this module is first evaluated in the browser, during hydration: before any
// client-side navigation loads a page's chunks or anything starts a worker, both of which pass
// script URLs that Trusted Types only admits through the default policy.
if (typeof window !== 'undefined') installTrustedTypesPolicy();

/** Renders nothing; importing it into the root layout installs the Trusted Types policy. */
export function TrustedTypesPolicy() {
  return null;
}
