#!/usr/bin/env node
// Built by `pnpm --filter @coffre/cli build` (or `pnpm build` at the root): the CLI as one bundled
// module, dist/coffre.mjs (scripts/bundle.mjs).
//
// V8's young generation stays at its initial size (two 1 MiB semi-spaces) instead of growing to
// two 16 MiB ones: a transfer's young objects are small (chunk handles, promises; the bytes live
// outside the heap), and a grown young generation is all resident after a few scavenges. The
// same flag as the API's (apps/api/src/memory-flags.ts), set before the CLI's modules load: V8
// reads it each time the young generation would grow. The CLI is then loaded dynamically, since a
// static import would run first.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');

await import('../dist/coffre.mjs');
