/**
 * `prisma generate` without the native schema engine.
 *
 * Prisma's CLI resolves (and, when missing, downloads) the native schema engine at start-up,
 * even for `generate`, which never runs it. When PRISMA_SCHEMA_ENGINE_BINARY names an existing
 * file, the CLI takes that instead. So when no real engine is installed (and the variable is not
 * set already) it is pointed at a stub that only prints an explanation and fails. On a machine
 * with the engine nothing changes.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The stub "engine": prints that no schema engine is available here and exits 1. */
export const SCHEMA_ENGINE_STUB = path.resolve(__dirname, '../bin/schema-engine-unavailable');

/** Path of a real native schema engine in node_modules/@prisma/engines, if one was downloaded. */
export function findInstalledSchemaEngine(): string | undefined {
  let enginesDir: string;
  try {
    enginesDir = path.dirname(require.resolve('@prisma/engines/package.json', { paths: [prismaPackageDir()] }));
  } catch {
    return undefined;
  }
  const engine = fs.readdirSync(enginesDir).find((f) => /^schema-engine-/.test(f) && fs.statSync(path.join(enginesDir, f)).isFile());
  return engine ? path.join(enginesDir, engine) : undefined;
}

function prismaPackageDir(): string {
  return path.dirname(require.resolve('prisma/package.json'));
}

/** Path of the Prisma CLI entry point (node_modules/prisma/build/index.js). */
export function prismaCliPath(): string {
  return path.join(prismaPackageDir(), 'build', 'index.js');
}

/**
 * The environment for running the Prisma CLI here: no update messages, no telemetry, and the
 * stub engine when no real one is available and PRISMA_SCHEMA_ENGINE_BINARY is not set.
 */
export function prismaCliEnv(
  base: NodeJS.ProcessEnv = process.env,
  installedEngine: string | undefined = findInstalledSchemaEngine(),
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !installedEngine) {
    env.PRISMA_SCHEMA_ENGINE_BINARY = SCHEMA_ENGINE_STUB;
  }
  return env;
}

export interface PrismaRunResult {
  code: number;
  output: string;
}

/** Runs the Prisma CLI with `args` in `cwd` (with prismaCliEnv), collecting its output. */
export function runPrismaCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void },
): Promise<PrismaRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCliPath(), ...args], {
      cwd: options.cwd,
      env: prismaCliEnv(options.env ?? process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (options.log) for (const line of text.split(/\r?\n/)) if (line.trim()) options.log(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * `prisma generate` for a service: runs in `serviceDir`, so the CLI picks up its
 * prisma.config.ts (schema path, generator output). Throws with the CLI's output on failure.
 */
export async function generateClient(options: { serviceDir: string; log?: (line: string) => void }): Promise<void> {
  const serviceDir = path.resolve(options.serviceDir);
  if (!fs.existsSync(path.join(serviceDir, 'prisma.config.ts'))) {
    throw new Error(`${serviceDir} has no prisma.config.ts`);
  }
  const result = await runPrismaCli(['generate'], { cwd: serviceDir, log: options.log });
  if (result.code !== 0) {
    throw new Error(
      options.log
        ? `prisma generate failed in ${serviceDir} (exit ${result.code}), see its output above`
        : `prisma generate failed in ${serviceDir} (exit ${result.code}):\n${result.output.trim()}`,
    );
  }
}
