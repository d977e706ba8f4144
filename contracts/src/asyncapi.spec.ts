/**
 * The AsyncAPI document (issue 20, item 6): valid against the AsyncAPI 3.0.0 JSON Schema (the
 * official one, contracts/tools/asyncapi-3.0.0.schema.json from @asyncapi/specs, Apache-2.0),
 * every reference resolving, every payload an Avro schema that avsc parses, exactly the topics an
 * outside party uses, and the committed docs/asyncapi/asyncapi.json not stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as avro from 'avsc';
import { asyncApiDocument, outsideTopics } from './asyncapi';
import { caseloadTopicFor, supplierProtocol, supplierUsage } from './catalogue';
import { avscOptions } from './evolution';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv = require('ajv');

const doc = asyncApiDocument() as { channels: Record<string, { messages: Record<string, { payload: { schema: unknown } }> }>; operations: Record<string, { action: string; channel: { $ref: string }; messages: Array<{ $ref: string }> }> };

function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], doc);
}

describe('the AsyncAPI document of the topics outside parties use', () => {
  it('validates against the AsyncAPI 3.0.0 JSON Schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../tools/asyncapi-3.0.0.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, jsonPointers: true, unknownFormats: 'ignore' }).compile(schema);
    const ok = validate(doc);
    expect(ok ? [] : validate.errors).toEqual([]);
    // The schema catches a broken document.
    expect(validate({ ...doc, operations: { broken: { action: 'eat', channel: {} } } })).toBe(false);
  });

  it('documents exactly the caseload topics (in), the supplier feeds, protocol lines and checkpoints (out)', () => {
    const names = Object.keys(doc.channels);
    expect(names).toEqual(outsideTopics().map((t) => t.name));
    expect(names).toEqual(expect.arrayContaining([caseloadTopicFor('GM0392').name, supplierUsage.BRP.name, supplierProtocol.BRP.name, supplierProtocol.UWV.name, 'inkijk.audit.checkpoints.v1']));
    expect(names).not.toContain('inkijk.query.attributed.v1');
    expect(doc.operations[`receive-${caseloadTopicFor('GM0392').name.replace(/\./g, '-')}`].action).toBe('receive');
    expect(doc.operations[`send-${supplierProtocol.BRP.name.replace(/\./g, '-')}`].action).toBe('send');
  });

  it('resolves every reference, and every payload is an Avro schema', () => {
    for (const op of Object.values(doc.operations)) {
      expect(resolve(op.channel.$ref)).toBeDefined();
      for (const m of op.messages) expect(resolve(m.$ref)).toBeDefined();
    }
    for (const channel of Object.values(doc.channels)) {
      for (const m of Object.values(channel.messages)) expect(() => avro.Type.forSchema(m.payload.schema as avro.Schema, avscOptions())).not.toThrow();
    }
  });

  it('is committed as generated (node -r @swc-node/register contracts/tools/asyncapi.ts)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../docs/asyncapi/asyncapi.json'), 'utf8');
    expect(committed).toBe(JSON.stringify(asyncApiDocument(), null, 2) + '\n');
  });
});
