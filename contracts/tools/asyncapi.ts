/**
 * Writes the AsyncAPI 3.0 document of the topics outside parties use to docs/asyncapi/asyncapi.json
 * (contracts/src/asyncapi.ts makes it from the catalogue and the schemas).
 * Run: node -r @swc-node/register contracts/tools/asyncapi.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asyncApiDocument } from '../src/asyncapi';

export const ASYNCAPI_FILE = path.resolve(__dirname, '../../docs/asyncapi/asyncapi.json');
export const asyncApiText = (): string => JSON.stringify(asyncApiDocument(), null, 2) + '\n';

if (require.main === module) {
  fs.mkdirSync(path.dirname(ASYNCAPI_FILE), { recursive: true });
  fs.writeFileSync(ASYNCAPI_FILE, asyncApiText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), ASYNCAPI_FILE)}\n`);
}
