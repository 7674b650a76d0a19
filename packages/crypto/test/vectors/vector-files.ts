// Reading and writing the JSON vector files of test/vectors/. Bytes are lowercase hex.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of `test/vectors/<name>.json`. */
export function vectorPath(name: string): string {
  return fileURLToPath(new URL(`./${name}.json`, import.meta.url));
}

/** Writes a vector file (generators only). */
export function writeVectors(name: string, content: object): void {
  writeFileSync(vectorPath(name), `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote ${vectorPath(name)}`);
}

/** Reads a vector file. */
export function readVectors<T>(name: string): T {
  return JSON.parse(readFileSync(vectorPath(name), 'utf8')) as T;
}
