// Prisma's schema engine (the part that applies and diffs migrations), run as WebAssembly and
// driven through a driver adapter. The Prisma CLI would download a native build of the same
// engine on first use; this copy ships inside an npm package, so migrations work on machines
// that can reach nothing but the npm registry. It is an internal interface of Prisma's: the
// package is pinned exactly, and the test suite applies every migration through it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
export type SchemaEngine = engineBindings.SchemaEngine;

/** Tables and enums managed outside Prisma: none. */
export const NO_EXTERNAL_ENTITIES: engineBindings.SchemaFilter = { externalTables: [], externalEnums: [] };

let loading: Promise<void> | undefined;

/**
 * The engine races its database calls against timers (10 s for the migration lock) and never
 * clears them, so each call would keep Node alive for ten more seconds. Its timers are made
 * not to hold the process open; they still fire while anything else keeps it running.
 */
function withUnreferencedTimers(bindings: typeof engineBindings): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bindings };
  for (const name of Object.keys(bindings).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = (callback: () => void, delayMs: number) => setTimeout(callback, delayMs >>> 0).unref();
  }
  return imports;
}

/**
 * Instantiates the engine's WebAssembly once per process. The package's own entry point imports
 * the `.wasm` file as an ES module, which Node cannot do without a flag, so the bytes are read
 * and wired to the generated bindings by hand, exactly as that entry point would.
 */
function loadEngineWasm(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(bindingsPath.replace(/\.js$/, '.wasm'));
    const imports = { './schema_engine_bg.js': withUnreferencedTimers(engineBindings) } as WebAssembly.Imports;
    const { instance } = await WebAssembly.instantiate(bytes, imports);
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return loading;
}

/** What an engine needs: where the schema comes from, and the database to talk to. */
export interface EngineOptions {
  /** Path of schema.prisma: the engine reads the provider from it and names it in errors. */
  schemaPath: string;
  /** Contents of schema.prisma. */
  schemaText: string;
  /** Driver adapter for the main database (and, for diffs, the shadow database). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's JSON log lines; dropped when absent. */
  onLog?: (line: string) => void;
}

/**
 * Runs `use` with a fresh engine and frees the engine afterwards, whatever happens. The
 * adapter's connections belong to the caller, who closes them after this returns.
 */
export async function withSchemaEngine<T>(
  options: EngineOptions,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadEngineWasm();
  // The engine calls the factory through Prisma's error-capturing wrapper; given the raw
  // factory it fails with "Cannot read properties of undefined (reading 'call')".
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schemaText]] },
    (line: string) => options.onLog?.(line),
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
  try {
    return await use(engine);
  } finally {
    engine.free();
  }
}
