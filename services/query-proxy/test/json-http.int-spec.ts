/**
 * The supplier HTTP client against a real local HTTP server: JSON both ways with the caller's
 * headers, connections kept alive and reused, a base path kept, non-2xx answers reported by
 * status, and an abort ending the call at once.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonHttpClient } from '../src/adapters/suppliers/json-http';

let server: http.Server;
let base: string;
const connections = new Set<unknown>();
const timers: NodeJS.Timeout[] = [];
const seen: Array<{ url: string; headers: http.IncomingHttpHeaders; body: unknown }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || 'null');
      seen.push({ url: req.url!, headers: req.headers, body });
      if (req.url!.endsWith('/slow')) return void timers.push(setTimeout(() => res.end('{}'), 2000));
      if (req.url!.endsWith('/broken')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"half":');
      if (req.url!.endsWith('/down')) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"SOURCE_UNAVAILABLE"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body }));
    });
  });
  server.on('connection', (s) => connections.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  timers.forEach(clearTimeout);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('JsonHttpClient', () => {
  it('posts JSON with the given headers under the base path and reads the JSON answer, over one kept-alive connection', async () => {
    const client = new JsonHttpClient(base);
    const signal = new AbortController().signal;
    const before = connections.size;
    for (let i = 0; i < 5; i++) {
      const answer = await client.post('/brp/personen', { 'x-origin-oin': '00000099000000000473' }, { n: i }, signal);
      expect(answer).toEqual({ status: 200, body: { echo: { n: i } } });
    }
    expect(connections.size - before).toBe(1);
    expect(seen.at(-1)).toMatchObject({ url: '/api/brp/personen', headers: { 'x-origin-oin': '00000099000000000473', 'content-type': 'application/json' } });
    client.close();
  });

  it('reports a non-2xx answer by its status, without a body', async () => {
    const client = new JsonHttpClient(base);
    expect(await client.post('/down', {}, {}, new AbortController().signal)).toEqual({ status: 503, body: undefined });
    client.close();
  });

  it('fails on an answer that is not complete JSON', async () => {
    const client = new JsonHttpClient(base);
    await expect(client.post('/broken', {}, {}, new AbortController().signal)).rejects.toThrow();
    client.close();
  });

  it('ends a call at once when its signal aborts', async () => {
    const client = new JsonHttpClient(base);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await expect(client.post('/slow', {}, {}, controller.signal)).rejects.toThrow('aborted');
    expect(Date.now() - started).toBeLessThan(1500);
    client.close();
  });
});
