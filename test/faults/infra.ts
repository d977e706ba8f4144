/**
 * The fault suite's own infrastructure, which it may break at will: the 3-broker replicated
 * cluster of deploy/kafka/cluster.sh on ports of its own, and a PostgreSQL server of its own
 * (Debian's binaries, a temporary data dir, trust authentication). Never the machine's
 * PostgreSQL, never another run's broker. Everything here is asynchronous, so the load keeps
 * running while a node starts or the database stops.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { createKafka } from '@inkijk/platform';

export const ROOT = path.resolve(__dirname, '../..');

/** Runs a command; resolves with its output, rejects with the output's tail on a non-zero exit. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.split('\n').slice(-25).join('\n')}`))));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** deploy/kafka/cluster.sh with this suite's ports (client BASE..BASE+2, controllers BASE+3..BASE+5) and data dir. */
export class FaultCluster {
  readonly base = Number(process.env.FAULTS_KAFKA_PORT_BASE ?? 19500);
  readonly dir = process.env.FAULTS_CLUSTER_DIR ?? path.join(ROOT, '.data/faults/cluster');
  readonly nodes = [1, 2, 3];
  readonly brokers = this.nodes.map((n) => `127.0.0.1:${this.base + n - 1}`).join(',');
  readonly credentialsFile = path.join(this.dir, 'credentials.json');
  private readonly env = { ...process.env, KAFKA_CLUSTER_PORT_BASE: String(this.base), KAFKA_CLUSTER_DIR: this.dir };

  private script(...args: string[]): Promise<string> {
    return run('bash', [path.join(ROOT, 'deploy/kafka/cluster.sh'), ...args], { env: this.env });
  }

  pid(node: number): number | undefined {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dir, `node-${node}`, 'kafka.pid'), 'utf8').trim());
      return pid > 0 && alive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  running(): number[] {
    return this.nodes.filter((n) => this.pid(n) !== undefined);
  }

  /** Starts every node and provisions (idempotent); fresh: deletes the cluster's data first. */
  async start(opts: { fresh?: boolean } = {}): Promise<void> {
    if (opts.fresh) await this.script('reset');
    await this.script('start');
  }

  async stop(): Promise<void> {
    await this.script('stop');
  }

  /** kill -9 of one node; resolves once the process is gone. */
  async kill(node: number): Promise<void> {
    const pid = this.pid(node);
    if (!pid) throw new Error(`node ${node} does not run`);
    process.kill(pid, 'SIGKILL');
    await waitFor(`node ${node} (pid ${pid}) to exit`, () => !alive(pid), 10_000);
  }

  /** SIGSTOP (hang) or SIGCONT (resume) of one node. */
  signal(node: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
    const pid = this.pid(node);
    if (!pid) throw new Error(`node ${node} does not run`);
    process.kill(pid, signal);
  }

  /** Starts one node again (it rejoins the running cluster); resolves once it is ready. */
  async startNode(node: number): Promise<void> {
    await this.script('start', String(node));
  }

  kafka(credentials: { username: string; password: string }): Kafka {
    return createKafka({ clientId: 'fault-suite', brokers: this.brokers, credentials, connectionTimeout: 3000, requestTimeout: 15000 });
  }
}

/** The node leading most partitions of `topic`, with its partitions. */
export async function leaderOf(kafka: Kafka, topic: string): Promise<{ node: number; partitions: number[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const by = new Map<number, number[]>();
    for (const p of meta.topics[0].partitions) by.set(p.leader, [...(by.get(p.leader) ?? []), p.partitionId]);
    const [node, partitions] = [...by.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0];
    return { node, partitions };
  } finally {
    await admin.disconnect();
  }
}

/** Number of partitions of `topics` whose in-sync replicas are fewer than their replicas. */
export async function underReplicated(kafka: Kafka, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics });
    return meta.topics.flatMap((t) => t.partitions).filter((p) => p.isr.length < p.replicas.length).length;
  } finally {
    await admin.disconnect();
  }
}

/**
 * A PostgreSQL server of the suite's own: initdb into a temporary dir, listening on 127.0.0.1:port
 * only, trust authentication, its socket in its own dir. Runs as the postgres user when the suite
 * runs as root (PostgreSQL refuses root).
 */
export class OwnPostgres {
  readonly port = Number(process.env.FAULTS_PG_PORT ?? 19510);
  readonly url = `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  private readonly bin: string;
  private dir = '';

  constructor() {
    const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
    this.bin = process.env.FAULTS_PG_BIN ?? (versions[0] ? `/usr/lib/postgresql/${versions[0]}/bin` : '');
    if (!this.bin || !fs.existsSync(path.join(this.bin, 'initdb'))) throw new Error('no PostgreSQL binaries (initdb) found in /usr/lib/postgresql/*/bin: install postgresql or set FAULTS_PG_BIN');
  }

  private get data() {
    return path.join(this.dir, 'data');
  }

  private as(cmd: string, args: string[]): Promise<string> {
    const exe = path.join(this.bin, cmd);
    return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', exe, ...args], { cwd: '/' }) : run(exe, args, { cwd: '/' });
  }

  async create(): Promise<void> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkijk-faults-pg-'));
    if (process.getuid?.() === 0) {
      fs.chownSync(this.dir, Number(await run('id', ['-u', 'postgres'])), Number(await run('id', ['-g', 'postgres'])));
    }
    await this.as('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    await this.start();
  }

  async start(): Promise<void> {
    // fsync off: a test server, and the suite stops it with -m fast (a clean shutdown) only.
    await this.as('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  }

  async stop(): Promise<void> {
    await this.as('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  async running(): Promise<boolean> {
    try {
      await run(path.join(this.bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(this.port)]);
      return true;
    } catch {
      return false;
    }
  }

  async destroy(): Promise<void> {
    if (!this.dir) return;
    await this.as('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = '';
  }
}
