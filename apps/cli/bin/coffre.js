#!/usr/bin/env node
// Built by `pnpm --filter @coffre/cli build` (or `pnpm build` at the root).
import '../dist/bin.js';
