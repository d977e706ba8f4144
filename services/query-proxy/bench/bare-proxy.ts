/**
 * The floor the gateway is measured against (issue 25): a bare reverse proxy to the same data
 * source. Fastify alone, no authentication, no authorization, no log, no tracing: it reads the
 * same POST /queries body, calls the simulator's BRP endpoint with the gateway's own kept-alive
 * client (JsonHttpClient) and the protocol headers, and answers the records. Started as its own
 * process by the gateway bench (`node -r @swc-node/register bare-proxy.ts`).
 * Env: HTTP_PORT, SUPPLIERS_URL.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { JsonHttpClient } from '../src/adapters/suppliers/json-http';

const BRP_FIELDS = ['burgerservicenummer', 'naam', 'geboorte', 'geslacht', 'verblijfplaats'];
const PROTOCOL = { 'x-origin-oin': '00000099000000000001', 'x-doelbinding': 'PARTICIPATIEWET', 'x-verwerking': 'inkijk-bevraging', 'x-gebruiker': 'bare-proxy' };

interface Body {
  searchKey?: { type?: string; bsn?: string };
}

async function main(): Promise<void> {
  const client = new JsonHttpClient(process.env.SUPPLIERS_URL ?? 'http://127.0.0.1:3090');
  const app = Fastify({ logger: false });
  app.get('/health/ready', async () => ({ status: 'up' }));
  app.post('/queries', async (req, reply) => {
    const bsn = (req.body as Body)?.searchKey?.bsn;
    if (typeof bsn !== 'string') return reply.code(400).send({ code: 'INVALID_QUERY', message: 'searchKey.bsn is missing.' });
    const answer = await client.post(
      '/haalcentraal/api/brp/personen',
      { ...PROTOCOL, 'x-request-id': randomUUID() },
      { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [bsn], fields: BRP_FIELDS },
      AbortSignal.timeout(5000),
    );
    const records = (answer.body as { personen?: unknown[] } | undefined)?.personen ?? [];
    return reply.code(answer.status === 200 ? 200 : 502).send({ outcome: 'PERMITTED', results: [{ status: records.length ? 'ANSWERED' : 'NO_DATA', records }] });
  });
  await app.listen({ port: Number(process.env.HTTP_PORT ?? 3999), host: '127.0.0.1' });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
