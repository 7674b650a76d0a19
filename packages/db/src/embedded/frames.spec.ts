import { describe, expect, it } from 'vitest';
import { FrameReader, ProtocolViolation } from './frames.js';

/** A start-up packet: Int32 length, Int32 code, then `body`. */
function packet(code: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const bytes = Buffer.alloc(8 + body.length);
  bytes.writeInt32BE(bytes.length, 0);
  bytes.writeInt32BE(code, 4);
  bytes.set(body, 8);
  return new Uint8Array(bytes);
}

/** A typed message: type byte, Int32 length counting itself, then `body`. */
function message(type: string, body: string): Uint8Array {
  const bytes = Buffer.alloc(5 + body.length);
  bytes.write(type, 0);
  bytes.writeInt32BE(4 + body.length, 1);
  bytes.write(body, 5);
  return new Uint8Array(bytes);
}

const STARTUP = packet(196608, Buffer.from('user\0postgres\0\0'));

describe('FrameReader', () => {
  it('reads encryption requests, the start-up packet, then typed messages', () => {
    const reader = new FrameReader();
    const frames = reader.push(Buffer.concat([packet(80877103), STARTUP, message('Q', 'SELECT 1\0')]));
    expect(frames.map((frame) => frame.kind)).toEqual(['encryption-request', 'startup', 'message']);
    expect(frames[1]).toEqual({ kind: 'startup', bytes: STARTUP, supported: true });
    expect(frames[2]).toEqual({ kind: 'message', type: 'Q', bytes: message('Q', 'SELECT 1\0') });
  });

  it('waits for a message split across chunks, byte by byte', () => {
    const reader = new FrameReader();
    reader.push(STARTUP);
    const whole = Buffer.concat([message('P', '\0SELECT 1\0\0\0'), message('S', '')]);
    const frames = [...whole].flatMap((byte) => reader.push(Uint8Array.of(byte)));
    expect(frames.map((frame) => frame.kind === 'message' && frame.type)).toEqual(['P', 'S']);
  });

  it('tells cancel requests and unknown protocol versions apart', () => {
    expect(new FrameReader().push(packet(80877102, new Uint8Array(8)))).toEqual([{ kind: 'cancel-request' }]);
    expect(new FrameReader().push(packet(131072))).toMatchObject([{ kind: 'startup', supported: false }]);
  });

  it('refuses lengths that no message has, instead of looping on them', () => {
    const shortStartup = Buffer.alloc(8);
    shortStartup.writeInt32BE(4, 0);
    expect(() => new FrameReader().push(shortStartup)).toThrow(ProtocolViolation);

    const reader = new FrameReader();
    reader.push(STARTUP);
    const shortMessage = Buffer.from([0x51, 0, 0, 0, 3]);
    expect(() => reader.push(shortMessage)).toThrow(ProtocolViolation);
  });
});
