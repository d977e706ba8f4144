/**
 * The trace UI of `npm start` (ADR 0023): Zipkin's server, started by the project's own script
 * (deploy/zipkin/zipkin.sh, the jar from Maven Central, run with Java), receives the spans of a
 * real service process through OpenTelemetry's Zipkin exporter (ZIPKIN_ENDPOINT), and shows them
 * on its API under the request's trace id, the one the portal's audit page links to. Fails loudly
 * when Java, Maven or the Zipkin jar cannot be had.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort, ROOT } from '@inkijk/testing';

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, 'deploy/zipkin/zipkin.sh');

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: string;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

describe('the trace UI (Zipkin) shows the spans of a real service under the trace id', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkijk-zipkin-'));
  let env: NodeJS.ProcessEnv;
  let zipkinUrl: string;
  let service: ChildProcess | undefined;
  let serviceUrl: string;
  const serviceLog = path.join(dataDir, 'supplier-simulators.log');

  beforeAll(async () => {
    const port = await freePort();
    env = { ...process.env, ZIPKIN_PORT: String(port), ZIPKIN_DATA_DIR: dataDir };
    try {
      const out = await run('bash', [SCRIPT, 'start'], { env, cwd: ROOT, timeout: 240_000 });
      process.stdout.write(out.stdout);
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(`deploy/zipkin/zipkin.sh start failed (Java, Maven and Maven Central are needed for the trace UI): ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
    zipkinUrl = (await run('bash', [SCRIPT, 'url'], { env })).stdout.trim();

    // A real service process, exporting its spans to Zipkin as `npm start` has it do.
    const httpPort = await freePort();
    serviceUrl = `http://127.0.0.1:${httpPort}`;
    const out = fs.openSync(serviceLog, 'a');
    service = spawn(process.execPath, ['-r', '@swc-node/register', 'services/supplier-simulators/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HTTP_PORT: String(httpPort), HTTP_HOST: '127.0.0.1', OTEL_SERVICE_NAME: 'supplier-simulators', ZIPKIN_ENDPOINT: `${zipkinUrl}/api/v2/spans` },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    await waitFor(
      `supplier-simulators ready at ${serviceUrl}`,
      async () => {
        if (service?.exitCode !== null) throw new Error(`exited ${service?.exitCode}: ${fs.readFileSync(serviceLog, 'utf8').slice(-2000)}`);
        return (await fetch(`${serviceUrl}/health/ready`)).ok ? true : undefined;
      },
      45_000,
    );
  }, 300_000);

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service!.once('exit', r));
      service.kill('SIGTERM');
      await exited;
    }
    if (env) await run('bash', [SCRIPT, 'stop'], { env }).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("finds the service's server span of a source request under the caller's trace id, as child of the caller's span, without the BSN", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const bsn = '999990019';
    const r = await fetch(`${serviceUrl}/haalcentraal/api/brp/personen`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpan}-01`,
        'x-origin-oin': '00000099000000000473',
        'x-doelbinding': 'PARTICIPATIEWET',
        'x-verwerking': 'inkijk-bevraging',
        'x-gebruiker': 'user-1',
      },
      body: JSON.stringify({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [bsn], fields: ['naam'] }),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { personen: unknown[] }).personen).toHaveLength(1);

    // Zipkin's API, the data behind its page /zipkin/traces/<trace id>.
    const spans = await waitFor(
      `the trace ${traceId} in Zipkin`,
      async () => {
        const a = await fetch(`${zipkinUrl}/api/v2/trace/${traceId}`);
        if (a.status === 404) return undefined;
        expect(a.status).toBe(200);
        const body = (await a.json()) as ZipkinSpan[];
        return body.length > 0 ? body : undefined;
      },
      20_000,
    );
    const server = spans.find((s) => s.kind === 'SERVER');
    expect(server).toBeDefined();
    expect(server!.traceId).toBe(traceId);
    expect(server!.parentId).toBe(callerSpan);
    expect(server!.localEndpoint?.serviceName).toBe('supplier-simulators');
    expect(server!.name).toBe('post /haalcentraal/api/brp/personen');
    expect(JSON.stringify(spans)).not.toContain(bsn);

    // The service is listed, so the UI's search finds it.
    const services = (await (await fetch(`${zipkinUrl}/api/v2/services`)).json()) as string[];
    expect(services).toContain('supplier-simulators');
    // The page the audit page links to is served (the UI resolves the trace in the browser).
    const page = await fetch(`${zipkinUrl}/zipkin/traces/${traceId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('refuses a trace id that does not exist with 404', async () => {
    const a = await fetch(`${zipkinUrl}/api/v2/trace/${'0'.repeat(31)}1`);
    expect(a.status).toBe(404);
  });

  it('starts idempotently: a second start finds the running server and leaves it', async () => {
    const again = await run('bash', [SCRIPT, 'start'], { env });
    expect(again.stdout).toContain('already running');
    const status = await run('bash', [SCRIPT, 'status'], { env });
    expect(status.stdout).toContain('running (pid');
  });
});
