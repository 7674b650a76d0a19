import { describe, expect, it } from 'vitest';
import { recoveryKeyFile } from './recovery-key-file.ts';

describe('recoveryKeyFile', () => {
  it('holds the key on a line of its own, whose account it is, and how to use it, with Windows line ends', () => {
    const text = recoveryKeyFile('4FT9V-GRWVW-XA1YE-45JGP-XKBNR-1ZQK5-JZZSY-A1MWN', 'ada@example.org', new Date('2026-11-23T22:30:00Z'));
    const lines = text.split('\r\n');
    expect(lines).toContain('    4FT9V-GRWVW-XA1YE-45JGP-XKBNR-1ZQK5-JZZSY-A1MWN');
    expect(lines).toContain('Account: ada@example.org');
    expect(lines).toContain('Saved:   2026-11-23');
    expect(text).toContain('Forgot your password?');
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });
});
