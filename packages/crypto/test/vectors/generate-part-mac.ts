// Writes test/vectors/part-mac.json: `node --import tsx test/vectors/generate-part-mac.ts`.
// Inputs are fixed (no randomness), so the output is the same on every run.
const { computePartMac, planPart, partCount, ciphertextLength } = await import('../../src/file/index.node.js');
const { hex, unhex } = await import('../support/bytes.js');
const { referencePartMac, referencePlanPart } = await import('./reference.js');
const { writeVectors } = await import('./vector-files.js');

const fileKey = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const salt = unhex('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf');
const otherSalt = unhex('b0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf');
const chunkSize = 4096;
const partSize = 8192;

function plaintextOf(length: number): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
}

async function file(name: string, plaintextLength: number) {
  const plaintext = plaintextOf(plaintextLength);
  const total = ciphertextLength(plaintextLength, chunkSize);
  const parts = [];
  for (let part = 0; part < partCount(total, partSize); part++) {
    const plan = planPart({ chunkSize, plaintextLength }, partSize, part);
    const reference = referencePlanPart(plaintextLength, chunkSize, partSize, part);
    for (const field of ['ciphertextStart', 'ciphertextEnd', 'firstChunk', 'lastChunk', 'start', 'end'] as const) {
      if (plan[field] !== reference[field]) throw new Error(`reference disagrees on ${field} of part ${part}`);
    }
    const mac = await computePartMac({ fileKey, salt, part, start: plan.start, end: plan.end }, plaintext.subarray(plan.start, plan.end));
    const expected = referencePartMac({ fileKey, salt, part, start: plan.start, end: plan.end, plaintext: plaintext.subarray(plan.start, plan.end) });
    if (hex(mac) !== hex(expected.mac)) throw new Error('reference disagrees on a MAC');
    parts.push({ ...plan, prefix: hex(expected.prefix), mac: hex(mac) });
  }
  return { name, plaintextLength, plaintext: 'byte i = (31·i + 7) mod 256', ciphertextLength: total, parts };
}

const files = [await file('empty file', 0), await file('three chunks, straddling parts', 3 * chunkSize + 100), await file('five chunks exactly', 5 * chunkSize)];
const straddling = files[1]!;
const part1 = straddling.parts[1]!;
const changed = plaintextOf(straddling.plaintextLength);
changed[part1.start]! ^= 1;
const part1Plaintext = plaintextOf(straddling.plaintextLength).subarray(part1.start, part1.end);

// Each is a MAC that must differ from the recorded one: the resume must refuse to re-encrypt.
const mismatches = [
  { name: 'first byte of the part changed', part: 1, start: part1.start, end: part1.end, salt, plaintext: changed.subarray(part1.start, part1.end) },
  { name: 'same bytes under another part number', part: 2, start: part1.start, end: part1.end, salt, plaintext: part1Plaintext },
  { name: 'same bytes under another file salt (a restarted upload)', part: 1, start: part1.start, end: part1.end, salt: otherSalt, plaintext: part1Plaintext },
];
const invalid = [];
for (const entry of mismatches) {
  const mac = await computePartMac({ fileKey, salt: entry.salt, part: entry.part, start: entry.start, end: entry.end }, entry.plaintext);
  if (hex(mac) === part1.mac) throw new Error(`${entry.name}: MAC unchanged`);
  invalid.push({ name: entry.name, part: entry.part, start: entry.start, end: entry.end, salt: hex(entry.salt), plaintext: hex(entry.plaintext), mac: hex(mac), recorded: part1.mac });
}

writeVectors('part-mac', {
  construction: 'upload part MACs v1 (HMAC-SHA-256 under an HKDF key from the file key and salt)',
  specification: 'docs/crypto.md#upload-part-macs',
  generator: 'test/vectors/generate-part-mac.ts',
  fileKey: hex(fileKey),
  salt: hex(salt),
  chunkSize,
  partSize,
  valid: files,
  invalid,
});
