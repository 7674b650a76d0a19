import { defineConfig } from 'vitest/config';
import { coffreVitestConfig } from '../vitest.shared.ts';

export default defineConfig(
  coffreVitestConfig({
    include: ['src/**/*.spec.ts', 'e2e/**/*.spec.ts', 'repo/**/*.spec.ts'],
    // Each browser spec starts Chromium and Next.js servers; on two cores they run one file at a time.
    fileParallelism: false,
  }),
);
