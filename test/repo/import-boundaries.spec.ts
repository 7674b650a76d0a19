// The import boundaries of CONVENTIONS.md are lint rules; this proves the rules fire, so that a
// config change that silently disables them fails the suite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${REPO_ROOT}${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['a package importing an app', 'packages/storage/src/x.ts', "import '@coffre/api/main';", 'Packages never import apps'],
    ['a package importing an app by path', 'packages/sdk/src/x.ts', "import '../../../apps/web/app/page.js';", 'Packages never import apps'],
    ['an app importing another app', 'apps/web/app/x.ts', "import '@coffre/megabox/app';", 'apps never import each other'],
    ['an app importing a crypto library', 'apps/web/app/x.ts', "import { gcm } from '@noble/ciphers/aes.js';", 'Only packages/crypto imports'],
    ['the API importing argon2 code', 'apps/api/src/x.ts', "import { argon2id } from 'hash-wasm';", 'Only packages/crypto imports'],
    ['storage importing OPAQUE', 'packages/storage/src/x.ts', "import * as opaque from '@serenity-kit/opaque';", 'Only packages/crypto imports'],
    ['the UI importing crypto', 'packages/ui/src/x.tsx', "import { encrypt } from '@coffre/crypto/file';", 'never touches keys'],
  ])('refuses %s', async (_name, file, source, message) => {
    const errors = await boundaryErrors(file, source);
    expect(errors.some((text) => text.includes(message)), errors.join('\n')).toBe(true);
  });

  it.each([
    ['packages/crypto using @noble', 'packages/crypto/src/x.ts', "import { gcm } from '@noble/ciphers/aes.js';"],
    ['an app using @coffre/crypto', 'apps/web/app/x.ts', "import { encrypt } from '@coffre/crypto/file';"],
    ['an app using a package', 'apps/api/src/x.ts', "import { loadApiConfig } from '@coffre/config/api';"],
  ])('allows %s', async (_name, file, source) => {
    expect(await boundaryErrors(file, source)).toEqual([]);
  });
});
