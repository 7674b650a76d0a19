'use client';

import { installTrustedTypesPolicy } from '@coffre/ui/trusted-types';
import { OWN_SCRIPT_PATH_PREFIXES } from '../lib/downloads/page/service-worker-client.ts';

// Installed when this module is first evaluated in the browser, during hydration: before any
// client-side navigation loads a page's chunks or anything starts a worker, both of which pass
// script URLs that Trusted Types only admits through the default policy.
if (typeof window !== 'undefined') installTrustedTypesPolicy({ scriptPathPrefixes: OWN_SCRIPT_PATH_PREFIXES });

/** Renders nothing; importing it into the root layout installs the Trusted Types policy. */
export function TrustedTypesPolicy() {
  return null;
}
