import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate, readSchemaFiles } from '../tools/generate-types';
import { catalogue } from './catalogue';
import { familyProblems, VersionedSchema } from './evolution';

const families = new Map<string, VersionedSchema[]>();
for (const f of readSchemaFiles()) {
  const key = `${f.schema.namespace as string}.${f.name}`;
  families.set(key, [...(families.get(key) ?? []), { version: f.version, schema: f.schema }]);
}
const promise = (fullName: string) =>
  catalogue.some((t) => t.value.fullName === fullName && t.compatibility === 'FULL') ? 'FULL' : 'BACKWARD';

function fixture(dir: string): VersionedSchema[] {
  const base = path.join(__dirname, '../test/fixtures', dir);
  return fs.readdirSync(base).map((f) => ({
    version: Number(/\.v(\d+)\.avsc$/.exec(f)![1]),
    schema: JSON.parse(fs.readFileSync(path.join(base, f), 'utf8')),
  }));
}

describe('schema evolution', () => {
  it.each([...families.keys()])('%s: every version reads all older data (and the reverse where FULL is promised)', (fullName) => {
    expect(familyProblems(families.get(fullName)!, promise(fullName))).toEqual([]);
  });

  it('proves at least one real evolution (a family with two or more versions)', () => {
    expect([...families.values()].some((v) => v.length >= 2)).toBe(true);
  });

  it('rejects the deliberately incompatible fixture, naming what breaks', () => {
    const problems = familyProblems(fixture('incompatible'), 'BACKWARD');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/v2 cannot read v1/);
  });

  it('accepts a backward-compatible change under BACKWARD but not under FULL', () => {
    expect(familyProblems(fixture('compatible'), 'BACKWARD')).toEqual([]);
    expect(familyProblems(fixture('compatible'), 'FULL').join('\n')).toMatch(/v1 cannot read v2/);
  });

  it('refuses a gap in version numbers', () => {
    const [v1] = fixture('compatible');
    expect(familyProblems([v1, { ...v1, version: 3 }], 'BACKWARD').join()).toMatch(/without gaps/);
  });
});

describe('catalogue', () => {
  it('names every topic once, and every schema it uses exists in contracts/schemas', () => {
    const names = catalogue.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of catalogue) expect(families.has(t.value.fullName)).toBe(true);
  });

  it('has a consumer group or an outside reader for every topic, and sane partitions', () => {
    for (const t of catalogue) {
      expect(t.partitions).toBeGreaterThanOrEqual(1);
      if (t.cleanupPolicy === 'compact') expect(t.retentionMs).toBe(-1);
    }
  });
});

describe('generated types', () => {
  it('are up to date with the schemas (run `npm run contracts:generate` after changing a .avsc)', () => {
    for (const [file, text] of generate()) {
      expect(fs.existsSync(file)).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
    }
  });
});
