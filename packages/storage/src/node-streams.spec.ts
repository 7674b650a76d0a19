import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { webStreamFromNode } from './node-streams.js';

describe('webStreamFromNode', () => {
  it('reads the Node stream only as fast as the web stream is consumed', async () => {
    let produced = 0;
    const node = new Readable({
      highWaterMark: 4,
      read() {
        produced += 1;
        this.push(produced > 1_000 ? null : Buffer.alloc(1, produced));
      },
    });
    const reader = webStreamFromNode(node).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A few chunks of the Node stream's own buffer, not the thousand available.
    expect(produced).toBeLessThan(20);
    await reader.cancel();
    expect(node.destroyed).toBe(true);
  });

  it('delivers every chunk and ends', async () => {
    const node = Readable.from([Buffer.from('ab'), Buffer.from('cd')]);
    expect(await new Response(webStreamFromNode(node)).text()).toBe('abcd');
  });
});
