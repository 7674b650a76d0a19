import { describe, expect, it } from 'vitest';
import { createMemoryPinStore } from './pins.js';

describe('createMemoryPinStore', () => {
  it('keeps a copy of each pin, by email', async () => {
    const pins = createMemoryPinStore();
    const digest = new Uint8Array(32).fill(1);
    await pins.set('ada@example.org', digest);
    digest.fill(2);

    expect(await pins.get('ada@example.org')).toEqual(new Uint8Array(32).fill(1));
    expect(await pins.get('grace@example.org')).toBeUndefined();
  });

  it('hands out copies, so a caller cannot change a pin in place', async () => {
    const pins = createMemoryPinStore();
    await pins.set('ada@example.org', new Uint8Array(32).fill(1));
    (await pins.get('ada@example.org'))!.fill(9);
    expect(await pins.get('ada@example.org')).toEqual(new Uint8Array(32).fill(1));
  });
});
