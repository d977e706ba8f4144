import * as fs from 'node:fs';
import { esmGlueToCommonJs } from './schema-engine';

describe('esmGlueToCommonJs', () => {
  it('turns export declarations into a CommonJS module', () => {
    const source = [
      'let wasm;',
      'export function __wbg_set_wasm(val) { wasm = val; }',
      'export class SchemaEngine { static x() { return wasm; } }',
      'export const answer = 42;',
    ].join('\n');
    const mod: { exports: Record<string, unknown> } = { exports: {} };
    new Function('module', 'exports', 'require', esmGlueToCommonJs(source))(mod, mod.exports, require);
    expect(Object.keys(mod.exports).sort()).toEqual(['SchemaEngine', '__wbg_set_wasm', 'answer']);
  });

  it('refuses module syntax it does not understand', () => {
    expect(() => esmGlueToCommonJs('export function __wbg_set_wasm() {}\nimport x from "y";')).toThrow(/unexpected module syntax/);
    expect(() => esmGlueToCommonJs('export { a as b };\nexport function __wbg_set_wasm() {}')).toThrow(/unexpected module syntax/);
    expect(() => esmGlueToCommonJs('export function other() {}')).toThrow(/__wbg_set_wasm/);
  });

  it('accepts the installed @prisma/schema-engine-wasm glue', () => {
    const glue = fs.readFileSync(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'), 'utf8');
    const cjs = esmGlueToCommonJs(glue);
    expect(cjs).toContain('module.exports = {');
    expect(cjs).toMatch(/SchemaEngine/);
  });
});
