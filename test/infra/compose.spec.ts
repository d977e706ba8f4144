/**
 * docker-compose.yml cannot run on machines without a Docker engine, so its structure is
 * checked here: every service is there with its Dockerfile, configured with exactly the
 * environment variables the service's own configuration declares, after its dependencies.
 * The broker's server.properties are generated here with compose's own environment by the
 * function the container runs (deploy/kafka/lib.sh kafka_server_properties), so what is asserted
 * is what the broker gets.
 */
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { allPrincipals, BERICHTENBOX_PRINCIPAL, OPERATOR_PRINCIPAL, SERVICE_PRINCIPALS } from '@inkijk/contracts';

const root = path.resolve(__dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; additional_contexts?: Record<string, string> };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
  healthcheck?: unknown;
  volumes?: string[];
  command?: string[];
  restart?: string;
}

const serviceDirs = fs
  .readdirSync(path.join(root, 'services'))
  .filter((d) => fs.existsSync(path.join(root, 'services', d, 'src/main.ts')));

/** The env shape each service validates at start-up (its config.ts export ending in "Env"). */
function envShapeOf(service: string): Record<string, { safeParse(v: unknown): { success: boolean } }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(root, 'services', service, 'src/config.ts')) as Record<string, unknown>;
  const shape = Object.entries(mod).find(([k]) => k.endsWith('Env'))?.[1];
  if (!shape) throw new Error(`services/${service}/src/config.ts exports no *Env shape`);
  return shape as ReturnType<typeof envShapeOf>;
}

/** The services whose configuration takes broker credentials (kafkaEnv). */
const kafkaServices = serviceDirs.filter((d) => 'KAFKA_USERNAME' in envShapeOf(d));
/** A simulator of an outside party connects as the party it stands in for, with that party's ACLs. */
const OUTSIDE_PARTY_OF: Readonly<Record<string, string>> = { 'berichtenbox-simulator': BERICHTENBOX_PRINCIPAL };
const principalOf = (service: string): string => OUTSIDE_PARTY_OF[service] ?? service;

/** The host variable a `${VAR:?hint}` value takes, or undefined for a literal. */
const hostVariable = (value: unknown): string | undefined => /^\$\{([A-Z0-9_]+):\?[^}]+\}$/.exec(String(value))?.[1];

/** The broker's server.properties as lib.sh generates them with the kafka service's environment. */
function composeBrokerProperties(): Record<string, string> {
  // Only compose's literal settings: nothing of the caller's environment (KAFKA_PORT, ...) leaks in.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir() };
  for (const [k, v] of Object.entries(compose.services.kafka.environment ?? {})) if (!hostVariable(v)) env[k] = String(v);
  const run = spawnSync('bash', ['--noprofile', '--norc', '-c', 'set -euo pipefail; source deploy/kafka/lib.sh; kafka_server_properties not-a-real-password compose-spec'], { cwd: root, env, encoding: 'utf8' });
  expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
  return Object.fromEntries(
    run.stdout
      .split('\n')
      .filter((l) => l.includes('=') && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('docker-compose.yml', () => {
  it('has the infrastructure: Kafka in KRaft mode, PostgreSQL, an OpenTelemetry collector and Zipkin as the trace UI', () => {
    const s = compose.services;
    expect(s.kafka.image).toMatch(/^apache\/kafka:3\.9\./);
    expect(s.kafka.healthcheck).toBeDefined();
    expect(s.postgres.image).toMatch(/^postgres:/);
    expect(s.postgres.healthcheck).toBeDefined();
    expect(s['otel-collector'].volumes?.[0]).toContain('deploy/otel/collector.yaml');
    const collector = parse(fs.readFileSync(path.join(root, 'deploy/otel/collector.yaml'), 'utf8')) as { service: { pipelines: Record<string, { receivers: string[]; exporters: string[] }> } };
    expect(collector.service.pipelines.traces).toMatchObject({ receivers: ['otlp'], exporters: ['zipkin'] });
    expect(collector.service.pipelines.metrics).toMatchObject({ receivers: ['otlp'], exporters: ['prometheus'] });
    // The same trace UI as `npm start` (deploy/zipkin, ADR 0023), which the portal links to.
    expect(s.zipkin.image).toMatch(/^openzipkin\/zipkin:3\.5\./);
    expect(s.jaeger).toBeUndefined();
    expect(s.portal.environment?.TRACE_UI_URL).toBe('http://localhost:9411');
  });

  it('runs the broker of the local scripts: SASL/SCRAM on every client listener, StandardAuthorizer, nothing allowed without an ACL, no auto-created topics', () => {
    const kafka = compose.services.kafka;
    expect(kafka.command).toEqual(['bash', '/opt/inkijk/kafka/compose-broker.sh']);
    expect(kafka.volumes).toEqual(expect.arrayContaining(['./deploy/kafka:/opt/inkijk/kafka:ro', 'kafka-data:/var/lib/kafka/data']));
    expect(kafka.environment?.KAFKA_LIBS_DIR).toBe('/opt/kafka/libs');
    expect(hostVariable(kafka.environment?.KAFKA_SCRAM_CREDENTIALS)).toBe('KAFKA_SCRAM_CREDENTIALS');

    const props = composeBrokerProperties();
    expect(props['process.roles']).toBe('broker,controller');
    const protocols = props['listener.security.protocol.map'].split(',').map((m) => m.split(':')[1]);
    expect(protocols.length).toBeGreaterThan(0);
    for (const p of protocols) expect(p).toMatch(/^SASL_(PLAINTEXT|SSL)$/); // no PLAINTEXT (or SSL-only) listener
    const clientListener = props['advertised.listeners'].split(',')[0].split(':')[0];
    expect(props['listener.security.protocol.map']).toContain(`${clientListener}:SASL_`);
    expect(props[`listener.name.${clientListener.toLowerCase()}.sasl.enabled.mechanisms`]).toBe('SCRAM-SHA-512');
    expect(props['advertised.listeners']).toBe('CLIENT://kafka:9092');
    expect(props.listeners).toContain('CLIENT://0.0.0.0:9092');
    expect(props['authorizer.class.name']).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(props['allow.everyone.if.no.acl.found']).toBe('false');
    expect(props['super.users']).toBe(`User:${OPERATOR_PRINCIPAL}`);
    expect(props['auto.create.topics.enable']).toBe('false');
    expect(props['log.dirs']).toMatch(/^\/var\/lib\/kafka\/data\//);

    // The container formats the volume with every principal's SCRAM credentials, then runs Kafka.
    const script = fs.readFileSync(path.join(root, 'deploy/kafka/compose-broker.sh'), 'utf8');
    expect(script).toMatch(/kafka\.tools\.StorageTool format .*"\$\{KAFKA_SCRAM_ARGS\[@\]\}"/);
    expect(script).toMatch(/\nexec "\$\{KAFKA_BROKER_CMD\[@\]\}"\n/);
    // The shared helpers (lib.sh) make one --add-scram per principal and a foreground kafka.Kafka command.
    const helpers = execFileSync('bash', ['-c', 'source deploy/kafka/lib.sh; declare -A KAFKA_CREDENTIALS=([admin]=a-password-of-16chars [audit-log]=b-password-of-16chars); LOG_OPTS=(); kafka_scram_format_args; printf "%s\\n" "${KAFKA_SCRAM_ARGS[@]}"; kafka_broker_command java; printf "%s " "${KAFKA_BROKER_CMD[@]}"'], { cwd: root, encoding: 'utf8' });
    expect(helpers.match(/--add-scram/g)).toHaveLength(2);
    expect(helpers).toContain('SCRAM-SHA-512=[name=audit-log,iterations=4096,password=b-password-of-16chars]');
    expect(helpers).toMatch(/^java .*kafka\.Kafka \S*server\.properties $/m);
    // Its healthcheck authenticates: an anonymous client is refused by this broker.
    expect(JSON.stringify(kafka.healthcheck)).toContain('--command-config /var/lib/kafka/data/admin.properties');
  });

  it('provisions topics and ACLs from the contracts in a one-shot before any service starts', () => {
    const provision = compose.services['kafka-provision'];
    expect(provision).toBeDefined();
    expect(provision.image).toBe(compose.services.migrate.image);
    expect(provision.command).toEqual(['node', '-r', '@swc-node/register', 'deploy/kafka/provision.ts']);
    expect(fs.existsSync(path.join(root, 'deploy/kafka/provision.ts'))).toBe(true);
    expect(provision.restart).toBe('no');
    expect(provision.depends_on).toMatchObject({ kafka: { condition: 'service_healthy' }, workspace: { condition: 'service_completed_successfully' } });
    expect(provision.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092', KAFKA_REPLICATION_FACTOR: 1, KAFKA_MIN_INSYNC_REPLICAS: 1 });
    expect(hostVariable(provision.environment?.KAFKA_ADMIN_PASSWORD)).toBe(`KAFKA_PASSWORD_${OPERATOR_PRINCIPAL.toUpperCase()}`);
  });

  it('gives each service that uses Kafka its own principal, and the others no broker settings', () => {
    expect(kafkaServices.map(principalOf).sort()).toEqual([...SERVICE_PRINCIPALS, ...Object.values(OUTSIDE_PARTY_OF)].sort());
    for (const name of serviceDirs) {
      const env = compose.services[name].environment ?? {};
      if (!kafkaServices.includes(name)) {
        expect(Object.keys(env).filter((k) => k.startsWith('KAFKA_'))).toEqual([]);
        continue;
      }
      expect(env.KAFKA_BROKERS).toBe('kafka:9092');
      expect(env.KAFKA_USERNAME).toBe(principalOf(name));
      expect(hostVariable(env.KAFKA_PASSWORD)).toBe(`KAFKA_PASSWORD_${principalOf(name).toUpperCase().replace(/-/g, '_')}`);
    }
  });

  it('takes every broker password from the host, as deploy/kafka/compose-env.sh prints them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-env-'));
    try {
      const run = spawnSync('bash', [path.join(root, 'deploy/kafka/compose-env.sh')], { cwd: root, env: { ...process.env, KAFKA_COMPOSE_DIR: dir }, encoding: 'utf8' });
      expect(run.status).toBe(0);
      const exported = new Map(
        run.stdout
          .trim()
          .split('\n')
          .map((l) => /^export ([A-Z0-9_]+)=(.*)$/.exec(l)!)
          .map((m) => [m[1], m[2]]),
      );
      const used = Object.values(compose.services).flatMap((svc) => Object.values(svc.environment ?? {}).map(hostVariable).filter((v) => v?.startsWith('KAFKA_')));
      expect(used.length).toBeGreaterThan(0);
      for (const v of used) expect(exported.has(v!)).toBe(true);
      // The broker gets every principal of the contracts (it is formatted with all of them).
      const scram = (exported.get('KAFKA_SCRAM_CREDENTIALS') ?? '').replace(/\\ /g, ' ').split(' ').map((p) => p.split('=')[0]);
      expect([...scram].sort()).toEqual([...allPrincipals()].sort());
      expect(fs.statSync(path.join(dir, 'credentials.json')).mode & 0o077).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(serviceDirs)('runs service %s from its own Dockerfile after broker, database and migrations', (name) => {
    const svc = compose.services[name];
    expect(svc).toBeDefined();
    expect(svc.build?.dockerfile).toBe(`services/${name}/Dockerfile`);
    expect(fs.existsSync(path.join(root, svc.build!.dockerfile))).toBe(true);
    expect(svc.build?.additional_contexts?.workspace).toBe('service:workspace');
    expect(svc.depends_on).toMatchObject({
      kafka: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
      'kafka-provision': { condition: 'service_completed_successfully' },
    });
  });

  it.each(serviceDirs)('configures %s only with variables its configuration declares, and every variable without a default', (name) => {
    const shape = envShapeOf(name);
    const declared = Object.keys(shape);
    const given = Object.keys(compose.services[name].environment ?? {});
    expect(given.filter((k) => !declared.includes(k))).toEqual([]);
    const required = declared.filter((k) => !shape[k].safeParse(undefined).success);
    expect(required.filter((k) => !given.includes(k))).toEqual([]);
    expect(given).toEqual(expect.arrayContaining(['HTTP_PORT', 'OTEL_EXPORTER_OTLP_ENDPOINT']));
    if (declared.includes('DATABASE_URL')) {
      expect(compose.services[name].environment?.DATABASE_URL).toMatch(/^postgresql:\/\/.*@postgres:5432\/inkijk_/);
    }
  });

  it('publishes each service on its own port, matching the port in its Dockerfile', () => {
    const ports = serviceDirs.map((n) => String(compose.services[n].environment?.HTTP_PORT));
    expect(new Set(ports).size).toBe(ports.length);
    for (const n of serviceDirs) {
      const dockerfile = fs.readFileSync(path.join(root, `services/${n}/Dockerfile`), 'utf8');
      expect(dockerfile).toContain(`HTTP_PORT=${compose.services[n].environment?.HTTP_PORT}`);
      expect(compose.services[n].ports).toEqual([`${compose.services[n].environment?.HTTP_PORT}:${compose.services[n].environment?.HTTP_PORT}`]);
    }
  });

  it('creates the database of every service that owns a Prisma schema', () => {
    const init = fs.readFileSync(path.join(root, 'deploy/postgres/init.sql'), 'utf8');
    for (const n of serviceDirs.filter((d) => fs.existsSync(path.join(root, 'services', d, 'prisma/schema.prisma')))) {
      expect(init).toContain(`CREATE DATABASE inkijk_${n.replace(/-/g, '_')};`);
    }
  });
});
