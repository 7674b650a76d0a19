// Shared vitest settings: workspace packages resolve to their TypeScript sources, so tests never
// need a build and always exercise the code as written.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ViteUserConfig as UserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export const coffreAliases = [
  {
    find: /^@coffre\/(crypto|storage|sdk|db|config|ui|testing)\/(.+)$/,
    replacement: `${root}packages/$1/src/$2`,
  },
];

/** Where each package's JSON results go, so `npm test` can print one total for the repository. */
function resultsFile(): string {
  const packageDir = path.relative(root, process.cwd()).replaceAll(path.sep, '-') || 'root';
  return path.join(root, 'test-results', `${packageDir}.json`);
}

export function coffreVitestConfig(overrides: UserConfig['test'] = {}): UserConfig {
  return {
    resolve: { alias: coffreAliases },
    test: {
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: ['default', ['json', { outputFile: resultsFile() }]],
      ...overrides,
    },
  };
}
