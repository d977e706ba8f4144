import * as fs from 'node:fs';
import { prismaCliEnv, prismaCliPath, SCHEMA_ENGINE_STUB } from './generate';

describe('prismaCliEnv', () => {
  it('points at the stub engine when there is no real one and none is configured', () => {
    const env = prismaCliEnv({ PATH: '/bin' }, undefined);
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBe(SCHEMA_ENGINE_STUB);
    expect(env.PRISMA_HIDE_UPDATE_MESSAGE).toBe('1');
    expect(env.CHECKPOINT_DISABLE).toBe('1');
    expect(env.PATH).toBe('/bin');
  });

  it('leaves an explicitly configured engine alone', () => {
    expect(prismaCliEnv({ PRISMA_SCHEMA_ENGINE_BINARY: '/opt/engine' }, undefined).PRISMA_SCHEMA_ENGINE_BINARY).toBe('/opt/engine');
  });

  it('changes nothing about the engine when a real one is installed', () => {
    expect(prismaCliEnv({}, '/x/node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x').PRISMA_SCHEMA_ENGINE_BINARY).toBeUndefined();
  });

  it('has a stub that exists and is executable, and finds the CLI', () => {
    expect(fs.statSync(SCHEMA_ENGINE_STUB).mode & 0o111).not.toBe(0);
    expect(fs.existsSync(prismaCliPath())).toBe(true);
  });
});
