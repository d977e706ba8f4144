/**
 * Prisma's own schema engine, compiled to WebAssembly (npm package @prisma/schema-engine-wasm),
 * driven through the PostgreSQL driver adapter (@prisma/adapter-pg). No native binary and no
 * download: the engine's SQL goes through `pg`.
 *
 * Two things are needed to make the pair work on PostgreSQL (both checked in the tests):
 * - the adapter refuses result columns of type "char" (OID 18), which the engine's catalogue
 *   queries return (relkind, contype, confdeltype, ...): they are handed over as text;
 * - the adapter's `executeScript` splits scripts on every `;`, which breaks function bodies and
 *   DO blocks: scripts are sent whole instead, as one simple query on one connection, as the
 *   native engine does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { connectionConfig, createTemporaryDatabase, type TemporaryDatabase } from './database';

// Minimal typing of the WebAssembly global (not in the ES2022 lib this repo compiles against).
interface WasmModuleObject {
  readonly __brand: 'WebAssembly.Module';
}
interface WasmApi {
  Module: { new (bytes: Uint8Array): WasmModuleObject; imports(module: WasmModuleObject): { module: string }[] };
  Instance: new (module: WasmModuleObject, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** The subset of the wasm engine's API used here (see schema_engine.d.ts of the package). */
export interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: unknown): Promise<{
    history: unknown;
    failedMigrationNames: string[];
    editedMigrationNames: string[];
    errorInUnappliedMigration: unknown;
    hasMigrationsTable: boolean;
  }>;
  version(): Promise<string>;
  free(): void;
}

interface WasmGlue {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  version(): string;
  SchemaEngine: { new: (options: unknown, logCallback: (log: string) => void, adapter: object) => Promise<WasmSchemaEngine> };
}

/**
 * Rewrites the ES module glue that wasm-bindgen generates (only `export function|class|const`
 * declarations, no imports) into a CommonJS body, so that it loads under plain Node, jest and
 * @swc-node/register alike.
 */
export function esmGlueToCommonJs(source: string): string {
  const names: string[] = [];
  const body = source.replace(/^export (function|class|const|let|var) ([A-Za-z_$][\w$]*)/gm, (_m, kind: string, name: string) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  const leftover = /^\s*(export|import)\b.*$/m.exec(body);
  if (leftover) {
    throw new Error(`unexpected module syntax in the schema engine glue: ${leftover[0].trim()}`);
  }
  if (!names.includes('__wbg_set_wasm')) {
    throw new Error('the schema engine glue has no __wbg_set_wasm export');
  }
  return `${body}\nmodule.exports = { ${names.join(', ')} };\n`;
}

let glue: WasmGlue | undefined;
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let openSessions = 0;

/** Loads and instantiates the wasm schema engine module once per process. */
export function loadSchemaEngineWasm(): WasmGlue {
  if (glue) return glue;
  let gluePath: string;
  try {
    gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  } catch {
    throw new Error('@prisma/schema-engine-wasm is not installed (it is a dependency in package.json: run npm ci)');
  }
  const wasmPath = path.join(path.dirname(gluePath), 'schema_engine_bg.wasm');
  const mod: { exports: Record<string, unknown>; require: NodeRequire } = { exports: {}, require };
  new Function('module', 'exports', 'require', esmGlueToCommonJs(fs.readFileSync(gluePath, 'utf8')))(mod, mod.exports, require);
  const loaded = mod.exports as unknown as WasmGlue;
  const wasmModule = new WebAssemblyApi.Module(fs.readFileSync(wasmPath));
  // The engine's timers (e.g. its 10 s advisory lock timeout) are tracked, so that closing the
  // last engine session can clear them instead of keeping the process alive until they fire.
  const hostFunctions: Record<string, unknown> = { ...loaded };
  for (const key of Object.keys(hostFunctions).filter((k) => k.startsWith('__wbg_setTimeout_'))) {
    hostFunctions[key] = (callback: () => void, ms: number) => {
      const timer: ReturnType<typeof setTimeout> = setTimeout(() => {
        engineTimers.delete(timer);
        callback();
      }, ms >>> 0);
      engineTimers.add(timer);
      return timer;
    };
  }
  const imports: Record<string, unknown> = {};
  for (const { module } of WebAssemblyApi.Module.imports(wasmModule)) {
    imports[module] = hostFunctions;
  }
  const instance = new WebAssemblyApi.Instance(wasmModule, imports);
  loaded.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  glue = loaded;
  return glue;
}

/** The version (prisma-engines commit) of the installed wasm schema engine. */
export function schemaEngineWasmVersion(): string {
  return loadSchemaEngineWasm().version();
}

// ---------------------------------------------------------------------------------------------
// Driver adapter

type Queryable = {
  performIO: (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
  startTransaction?: (...args: unknown[]) => Promise<Queryable>;
  executeScript?: (script: string) => Promise<void>;
  onError?: (error: unknown) => never;
  dispose?: () => Promise<void>;
};

function patchQueryable<T>(target: T, pool?: Pool): T {
  const q = target as unknown as Queryable;
  const performIO = q.performIO;
  if (typeof performIO !== 'function') {
    throw new Error('unsupported @prisma/adapter-pg version: its connection has no performIO method to adapt');
  }
  q.performIO = async function (this: Queryable, query: unknown) {
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  if (typeof q.startTransaction === 'function') {
    const startTransaction = q.startTransaction;
    q.startTransaction = async function (this: Queryable, ...args: unknown[]) {
      return patchQueryable(await startTransaction.apply(this, args));
    };
  }
  if (pool && typeof q.executeScript === 'function') {
    q.executeScript = async function (this: Queryable, script: string) {
      try {
        await pool.query(script);
      } catch (error) {
        if (typeof this.onError === 'function') this.onError(error);
        throw error;
      }
    };
  }
  return target;
}

type AdapterFactory = {
  provider: string;
  adapterName: string;
  connect(): Promise<unknown>;
  connectToShadowDb(): Promise<unknown>;
};

function bindMigrationAware(factory: AdapterFactory): object {
  // driver-adapter-utils comes with @prisma/adapter-pg: resolve it from there.
  const utilsPath = require.resolve('@prisma/driver-adapter-utils', {
    paths: [path.dirname(require.resolve('@prisma/adapter-pg'))],
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils = require(utilsPath) as { bindMigrationAwareSqlAdapterFactory(f: AdapterFactory): object };
  return utils.bindMigrationAwareSqlAdapterFactory(factory);
}

export interface EngineSession {
  engine: WasmSchemaEngine;
  /** Frees the engine, closes its connections and drops the shadow databases it made. */
  close(): Promise<void>;
}

/**
 * Starts a wasm schema engine connected to `databaseUrl`. Shadow databases the engine asks for
 * (to replay migrations) are created fresh on the same server and dropped on `close()`.
 */
export async function openSchemaEngine(options: {
  databaseUrl: string;
  datamodels?: [string, string][];
  log?: (line: string) => void;
}): Promise<EngineSession> {
  const wasm = loadSchemaEngineWasm();
  const pools: Pool[] = [];
  const shadows: TemporaryDatabase[] = [];
  const open = async (url: string) => {
    const pool = new Pool({ ...connectionConfig(url), max: 4 });
    pool.on('error', () => undefined);
    pools.push(pool);
    // adapter-pg may bring its own copy of the pg typings: the Pool is the same class at run time.
    return patchQueryable(await new PrismaPg(pool as never).connect(), pool);
  };
  const template = new PrismaPg({ connectionString: options.databaseUrl });
  const factory: AdapterFactory = {
    provider: template.provider,
    adapterName: template.adapterName,
    connect: () => open(options.databaseUrl),
    connectToShadowDb: async () => {
      const shadow = await createTemporaryDatabase({ serverUrl: options.databaseUrl, prefix: 'prisma_tools_shadow' });
      shadows.push(shadow);
      const adapter = (await open(shadow.url)) as unknown as Queryable;
      // The engine disposes the shadow connection when done with it: drop the database then.
      const dispose = adapter.dispose;
      adapter.dispose = async function (this: Queryable) {
        await dispose?.call(this);
        await shadow.drop();
      };
      return adapter;
    },
  };
  const engineLog = (line: string) => {
    if (!options.log) return;
    try {
      const parsed = JSON.parse(line) as { level?: string; fields?: { message?: string } };
      options.log(`[schema-engine ${parsed.level ?? ''}] ${parsed.fields?.message ?? line}`);
    } catch {
      options.log(`[schema-engine] ${line}`);
    }
  };
  let engine: WasmSchemaEngine;
  try {
    engine = await wasm.SchemaEngine.new({ datamodels: options.datamodels }, engineLog, bindMigrationAware(factory));
  } catch (error) {
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    throw error;
  }
  openSessions++;
  let closed = false;
  return {
    engine,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        engine.free();
      } catch {
        // already freed
      }
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      for (const shadow of shadows) await shadow.drop().catch(() => undefined);
      if (--openSessions === 0) {
        for (const timer of engineTimers) clearTimeout(timer);
        engineTimers.clear();
      }
    },
  };
}
