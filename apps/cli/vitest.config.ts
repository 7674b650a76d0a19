import { defineConfig } from 'vitest/config';
import { coffreVitestConfig } from '../../vitest.shared.ts';

// The tests run the built `coffre` as a child process against the built API, so the CLI is
// compiled once before any test file starts.
export default defineConfig(coffreVitestConfig({ globalSetup: ['test/support/global-setup.ts'], testTimeout: 60_000 }));
