import { describe, expect, it } from 'vitest';
import { createProgressBar, formatBytes, formatSeconds } from './progress.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [100 * 1024 * 1024, '100.0 MiB'],
    [1024 ** 3, '1.0 GiB'],
  ])('%i bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatSeconds', () => {
  it.each([
    [0.2, '1s'],
    [42, '42s'],
    [185, '3m05s'],
    [3725, '1h02m'],
  ])('%f s is %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('createProgressBar', () => {
  function fakeStream() {
    const writes: string[] = [];
    return { writes, stream: { columns: 120, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
  }

  it('draws bytes, percentage, MB/s and ETA, at most every 100 ms, and the end always', () => {
    const { writes, stream } = fakeStream();
    let now = 0;
    const bar = createProgressBar(stream, 'put a.bin', 10_000_000, () => now);
    now = 1000;
    bar.update(2_000_000);
    now = 1050;
    bar.update(2_500_000); // within 100 ms of the last draw: skipped
    now = 2000;
    bar.update(10_000_000);
    bar.stop();

    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe('\r\x1b[2Kput a.bin [#####...................]  20% 1.9 MiB/9.5 MiB 2.0 MB/s ETA 4s');
    expect(writes[1]).toBe('\r\x1b[2Kput a.bin [########################] 100% 9.5 MiB/9.5 MiB 5.0 MB/s ETA --');
    expect(writes[2]).toBe('\r\x1b[2K');
  });

  it('cuts the line to the terminal width', () => {
    const { writes, stream } = fakeStream();
    (stream as { columns: number }).columns = 20;
    const bar = createProgressBar(stream, 'get a-very-long-file-name.bin', 100, () => 0);
    bar.update(100);
    expect(writes[0]).toBe('\r\x1b[2K' + 'get a-very-long-file-name.bin'.slice(0, 19));
  });

  it('clears nothing when it never drew', () => {
    const { writes, stream } = fakeStream();
    createProgressBar(stream, 'x', 100, () => 0).stop();
    expect(writes).toEqual([]);
  });
});
