/**
 * docker-compose.yml cannot run on machines without a Docker engine, so its structure is
 * checked here: every service is there with its Dockerfile, configured with exactly the
 * environment variables the service's own configuration declares, after its dependencies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

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

describe('docker-compose.yml', () => {
  it('has the infrastructure: Kafka in KRaft mode, PostgreSQL, an OpenTelemetry collector and Jaeger', () => {
    const s = compose.services;
    expect(s.kafka.image).toMatch(/^apache\/kafka:3\.9\./);
    expect(s.kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    expect(s.kafka.healthcheck).toBeDefined();
    expect(s.postgres.image).toMatch(/^postgres:/);
    expect(s.postgres.healthcheck).toBeDefined();
    expect(s['otel-collector'].volumes?.[0]).toContain('deploy/otel/collector.yaml');
    const collector = parse(fs.readFileSync(path.join(root, 'deploy/otel/collector.yaml'), 'utf8')) as { service: { pipelines: Record<string, { receivers: string[]; exporters: string[] }> } };
    expect(collector.service.pipelines.traces).toMatchObject({ receivers: ['otlp'], exporters: ['otlp/jaeger'] });
    expect(collector.service.pipelines.metrics).toMatchObject({ receivers: ['otlp'], exporters: ['prometheus'] });
    expect(s.jaeger.image).toMatch(/^jaegertracing\//);
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
    });
  });

  it.each(serviceDirs)('configures %s only with variables its configuration declares, and every variable without a default', (name) => {
    const shape = envShapeOf(name);
    const declared = Object.keys(shape);
    const given = Object.keys(compose.services[name].environment ?? {});
    expect(given.filter((k) => !declared.includes(k))).toEqual([]);
    const required = declared.filter((k) => !shape[k].safeParse(undefined).success);
    expect(required.filter((k) => !given.includes(k))).toEqual([]);
    expect(given).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'HTTP_PORT', 'OTEL_EXPORTER_OTLP_ENDPOINT']));
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
