import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { API_V8_FLAGS } from './memory-flags.js';

// The flags change V8 for the whole process, so each check runs in a child Node process of its
// own rather than in the test worker (which other spec files share).

/** memory-flags.ts as a plain ES module, the way the API's build runs it. */
const flagsModule = transformSync(readFileSync(new URL('./memory-flags.ts', import.meta.url), 'utf8'), { loader: 'ts', format: 'esm' }).code;

/**
 * Keeps 8 MiB of young objects alive across many scavenges (the pattern that makes V8 grow its
 * young generation), then prints the young generation's size in bytes.
 */
const GROW_YOUNG_GENERATION = `
  const { getHeapSpaceStatistics } = await import('node:v8');
  const kept = [];
  for (let round = 0; round < 200; round++) {
    kept.push(Array.from({ length: 2048 }, (_, i) => ({ round, i })));
    if (kept.length > 64) kept.shift();
  }
  console.log(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size);
`;

function youngGenerationBytes(prelude: string): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `${prelude}\n${GROW_YOUNG_GENERATION}`], { encoding: 'utf8', timeout: 20_000 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return Number(child.stdout.trim());
}

const MIB = 1024 * 1024;

describe('API_V8_FLAGS', () => {
  it('names only flags this Node knows (setFlagsFromString would ignore a misspelt one silently)', () => {
    for (const flag of API_V8_FLAGS) {
      const child = spawnSync(process.execPath, [flag, '-e', ''], { encoding: 'utf8', timeout: 20_000 });
      expect({ flag, status: child.status, stderr: child.stderr }).toEqual({ flag, status: 0, stderr: '' });
    }
  });

  it('refuses a flag Node does not know, which is what makes the check above able to fail', () => {
    const child = spawnSync(process.execPath, ['--semi-space-growth-factr=1', '-e', ''], { encoding: 'utf8', timeout: 20_000 });
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain('bad option');
  });

  it('keeps the young generation at its initial size once the module has run', () => {
    expect(youngGenerationBytes(flagsModule)).toBeLessThanOrEqual(2 * MIB);
  });

  it('leaves a process without the module free to grow it (the workload above does grow it)', () => {
    expect(youngGenerationBytes('')).toBeGreaterThan(4 * MIB);
  });
});
