/**
 * Generates TypeScript from contracts/schemas/<context>/<Name>.v<N>.avsc:
 *  - the schemas themselves, every version, as constants (so nothing reads files at run time);
 *  - TypeScript types of the newest version of each schema, matching what avsc produces with
 *    wrapUnions 'auto' (ambiguous unions are wrapped as { "full.Name": value }).
 * Run: npm run contracts:generate. A unit test fails when the committed output is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Schema = string | Schema[] | { [k: string]: unknown };
interface SchemaFile { context: string; name: string; version: number; schema: Record<string, unknown>; file: string }

export const SCHEMA_DIR = path.resolve(__dirname, '../schemas');
export const OUT_DIR = path.resolve(__dirname, '../src/generated');
const FILE_RE = /^([A-Z][A-Za-z0-9]*)\.v([1-9][0-9]*)\.avsc$/;

export function readSchemaFiles(dir = SCHEMA_DIR): SchemaFile[] {
  const out: SchemaFile[] = [];
  for (const context of fs.readdirSync(dir).sort()) {
    const cdir = path.join(dir, context);
    if (!fs.statSync(cdir).isDirectory()) continue;
    for (const file of fs.readdirSync(cdir).sort()) {
      const m = FILE_RE.exec(file);
      if (!m) throw new Error(`${context}/${file}: schema files are named <Name>.v<N>.avsc`);
      const schema = JSON.parse(fs.readFileSync(path.join(cdir, file), 'utf8')) as Record<string, unknown>;
      if (schema.name !== m[1]) throw new Error(`${context}/${file}: the record is named ${String(schema.name)}, the file ${m[1]}`);
      out.push({ context, name: m[1], version: Number(m[2]), schema, file: `${context}/${file}` });
    }
  }
  return out;
}

const BUCKET: Record<string, string> = {
  double: 'number', float: 'number', int: 'number', long: 'number',
  bytes: 'buffer', fixed: 'buffer', enum: 'string', string: 'string',
  map: 'object', record: 'object', error: 'object', null: 'null', boolean: 'boolean', array: 'array',
};

class TypeWriter {
  private readonly named = new Map<string, { kind: string; schema: Record<string, unknown> }>();
  readonly decls: string[] = [];
  private readonly emitted = new Map<string, string>();

  constructor(private readonly defaultNamespace: string) {}

  private fullName(name: string, ns: string | undefined): string {
    return name.includes('.') ? name : `${ns ?? this.defaultNamespace}.${name}`;
  }
  private simple(full: string): string {
    return full.slice(full.lastIndexOf('.') + 1);
  }

  /** TypeScript type expression for a schema; records and enums become named declarations. */
  ts(schema: Schema, ns: string): string {
    if (typeof schema === 'string') {
      switch (schema) {
        case 'null': return 'null';
        case 'boolean': return 'boolean';
        case 'int': case 'long': case 'float': case 'double': return 'number';
        case 'string': return 'string';
        case 'bytes': return 'Buffer';
        default: {
          const full = this.fullName(schema, ns);
          if (!this.named.has(full)) throw new Error(`unknown type ${schema}`);
          return this.simple(full);
        }
      }
    }
    if (Array.isArray(schema)) return this.union(schema, ns);
    const type = schema.type as Schema;
    switch (type) {
      case 'record': case 'error': return this.record(schema, ns);
      case 'enum': return this.enumType(schema, ns);
      case 'fixed': this.register(schema, ns, 'fixed'); return 'Buffer';
      case 'array': return `Array<${this.ts(schema.items as Schema, ns)}>`;
      case 'map': return `Record<string, ${this.ts(schema.values as Schema, ns)}>`;
      default: return this.ts(type, ns); // primitive with attributes, e.g. logical types
    }
  }

  private register(schema: Record<string, unknown>, ns: string, kind: string): string {
    const full = this.fullName(schema.name as string, (schema.namespace as string) ?? ns);
    this.named.set(full, { kind, schema });
    return full;
  }

  private record(schema: Record<string, unknown>, ns: string): string {
    const full = this.register(schema, ns, 'record');
    const name = this.simple(full);
    if (this.seen(full, schema)) return name;
    const inner = full.slice(0, full.lastIndexOf('.'));
    const fields = (schema.fields as Array<Record<string, unknown>>).map((f) => {
      const doc = f.doc ? `  /** ${String(f.doc)} */\n` : '';
      const optional = 'default' in f ? '?' : '';
      return `${doc}  ${f.name as string}${optional}: ${this.ts(f.type as Schema, inner)};`;
    });
    const doc = schema.doc ? `/** ${String(schema.doc)} */\n` : '';
    this.decls.push(`${doc}export interface ${name} {\n${fields.join('\n')}\n}`);
    return name;
  }

  private enumType(schema: Record<string, unknown>, ns: string): string {
    const full = this.register(schema, ns, 'enum');
    const name = this.simple(full);
    if (this.seen(full, schema)) return name;
    const symbols = schema.symbols as string[];
    const doc = schema.doc ? `/** ${String(schema.doc)} */\n` : '';
    this.decls.push(`${doc}export type ${name} = ${symbols.map((s) => `'${s}'`).join(' | ')};`);
    this.decls.push(`export const ${name}Values = [${symbols.map((s) => `'${s}'`).join(', ')}] as const;`);
    return name;
  }

  /** True when the named type was declared already; a second, different definition is an error. */
  private seen(full: string, schema: Record<string, unknown>): boolean {
    const key = JSON.stringify({ ...schema, doc: undefined });
    const earlier = this.emitted.get(full);
    if (earlier !== undefined && earlier !== key) throw new Error(`${full} is defined twice, differently, in one context`);
    if ([...this.emitted.keys()].some((k) => k !== full && this.simple(k) === this.simple(full))) {
      throw new Error(`${this.simple(full)} names two types in one context: rename one`);
    }
    this.emitted.set(full, key);
    return earlier !== undefined;
  }

  private union(branches: Schema[], ns: string): string {
    const rendered = branches.map((b) => ({ ts: this.ts(b, ns), bucket: this.bucketOf(b, ns), name: this.branchName(b, ns) }));
    const buckets = rendered.map((r) => r.bucket);
    const ambiguous = new Set(buckets).size !== buckets.length;
    if (!ambiguous) return rendered.map((r) => r.ts).join(' | ');
    return rendered.map((r) => (r.name === 'null' ? 'null' : `{ '${r.name}': ${r.ts} }`)).join(' | ');
  }

  private typeName(s: Schema, ns: string): string {
    if (typeof s === 'string') {
      if (BUCKET[s]) return s;
      return this.named.get(this.fullName(s, ns))!.kind;
    }
    if (Array.isArray(s)) return 'union';
    return typeof s.type === 'string' && BUCKET[s.type] ? s.type : this.typeName(s.type as Schema, ns);
  }
  private bucketOf(s: Schema, ns: string): string {
    return BUCKET[this.typeName(s, ns)] ?? 'other';
  }
  private branchName(s: Schema, ns: string): string {
    if (typeof s === 'string') return BUCKET[s] ? s : this.fullName(s, ns);
    if (Array.isArray(s)) return 'union';
    if (s.name) return this.fullName(s.name as string, (s.namespace as string) ?? ns);
    return typeof s.type === 'string' ? s.type : 'unknown';
  }
}

export function generate(files = readSchemaFiles()): Map<string, string> {
  const byContext = new Map<string, SchemaFile[]>();
  for (const f of files) byContext.set(f.context, [...(byContext.get(f.context) ?? []), f]);
  const out = new Map<string, string>();
  for (const [context, list] of byContext) {
    const families = new Map<string, SchemaFile[]>();
    for (const f of list) families.set(f.name, [...(families.get(f.name) ?? []), f].sort((a, b) => a.version - b.version));
    const parts: string[] = [
      '// Generated from contracts/schemas by contracts/tools/generate-types.ts. Do not edit:',
      '// change the .avsc files and run `npm run contracts:generate`.',
      '/* eslint-disable */',
      '',
    ];
    const writer = new TypeWriter(context);
    for (const [name, versions] of families) {
      const latest = versions[versions.length - 1];
      const before = writer.decls.length;
      writer.ts(latest.schema as Schema, latest.schema.namespace as string);
      parts.push(`// ---- ${name} (newest: v${latest.version}) ----`, '', ...writer.decls.slice(before).flatMap((d) => [d, '']));
      const fullName = `${latest.schema.namespace as string}.${name}`;
      parts.push(
        `/** Every version of ${fullName}; the newest is the reader schema. */`,
        `export const ${name}Schemas = {`,
        `  fullName: '${fullName}',`,
        `  versions: {`,
        ...versions.map((v) => `    ${v.version}: ${JSON.stringify(v.schema)},`),
        `  },`,
        `  latest: ${latest.version},`,
        `} as const;`,
        '',
      );
    }
    out.set(path.join(OUT_DIR, `${context}.ts`), parts.join('\n'));
  }
  return out;
}

if (require.main === module) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const f of fs.readdirSync(OUT_DIR)) if (f.endsWith('.ts')) fs.rmSync(path.join(OUT_DIR, f));
  for (const [file, text] of generate()) {
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
