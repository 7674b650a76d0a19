import { describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../create-app.js';
import { MAX_PART_COUNT, completeUploadRequestSchema } from './files.dto.js';

describe('completeUploadRequestSchema', () => {
  it('takes a list of the most parts a version may have, and that list fits the JSON body limit', () => {
    const body = {
      fileKeyWrap: 'A'.repeat(143),
      parts: Array.from({ length: MAX_PART_COUNT }, (_, n) => ({ n, sha256: 'f'.repeat(64), size: 256 * 1024 * 1024 })),
    };
    expect(completeUploadRequestSchema.safeParse(body).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(BODY_LIMIT_BYTES);
    expect(completeUploadRequestSchema.safeParse({ ...body, parts: [...body.parts, body.parts[0]] }).success).toBe(false);
  });
});
