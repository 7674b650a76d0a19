// One lint config for the whole repository. Besides the usual TypeScript rules it enforces the
// import boundaries of CONVENTIONS.md, so that they stay true without anyone remembering them.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const APPS = ['api', 'web', 'megabox', 'cli'];
const CRYPTO_LIBRARIES = ['@noble/*', '@hpke/*', 'argon2', 'hash-wasm', '@serenity-kit/*'];

/** Builds the no-restricted-imports rule for one area of the tree. */
function boundaries({ forbidApps, allowCrypto, forbidCoffreCrypto = false }) {
  const patterns = [];
  if (forbidApps.length > 0) {
    patterns.push({
      group: forbidApps.flatMap((app) => [`@coffre/${app}`, `@coffre/${app}/*`]),
      message: 'Packages never import apps, and apps never import each other.',
    });
    patterns.push({
      regex: `(^|/)apps/(${forbidApps.join('|')})(/|$)`,
      message: 'Packages never import apps, and apps never import each other.',
    });
  }
  if (!allowCrypto) {
    patterns.push({
      group: CRYPTO_LIBRARIES,
      message: 'Only packages/crypto imports cryptographic libraries; use @coffre/crypto/*.',
    });
  }
  if (forbidCoffreCrypto) {
    patterns.push({
      group: ['@coffre/crypto', '@coffre/crypto/*'],
      message: 'packages/ui renders; it never touches keys or ciphertext.',
    });
  }
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/coverage/**',
      '**/generated/**',
      '**/next-env.d.ts',
      '.coffre/**',
      'test-results/**',
      'artifacts/**',
      // Bundled from apps/web/lib/downloads/sw at build time.
      'apps/web/public/coffre-sw.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  // Default for everything: no app imports, no crypto libraries.
  { files: ['**/*.{ts,tsx,js,mjs,cjs}'], rules: boundaries({ forbidApps: APPS, allowCrypto: false }) },
  { files: ['packages/crypto/**'], rules: boundaries({ forbidApps: APPS, allowCrypto: true }) },
  { files: ['packages/ui/**'], rules: boundaries({ forbidApps: APPS, allowCrypto: false, forbidCoffreCrypto: true }) },
  ...APPS.map((app) => ({
    files: [`apps/${app}/**`],
    rules: boundaries({ forbidApps: APPS.filter((other) => other !== app), allowCrypto: false }),
  })),
  // Nest relies on runtime type metadata: a type-only import of an injected class breaks DI.
  { files: ['apps/api/**'], rules: { '@typescript-eslint/consistent-type-imports': 'off' } },
);
