/**
 * POST a JSON body to a data source and read its JSON answer, over kept-alive connections
 * (node:http or node:https with one Agent per base URL). Measured on the benchmark machine,
 * Node's fetch cost about three times the CPU of http.request per call (its WHATWG streams
 * and Request/Response objects), the largest part of a query after the web framework.
 * Outgoing http requests are traced by the HTTP instrumentation, which also carries the trace
 * context; the caller's own headers are sent as given.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface JsonAnswer {
  status: number;
  /** The parsed body of a 2xx answer; undefined otherwise. */
  body: unknown;
}

export class JsonHttpClient {
  private readonly secure: boolean;
  private readonly agent: http.Agent;
  private readonly hostname: string;
  private readonly port: string;
  private readonly prefix: string;

  constructor(baseUrl: string, opts: { maxSockets?: number; idleSocketMs?: number } = {}) {
    const url = new URL(baseUrl);
    this.secure = url.protocol === 'https:';
    // Idle sockets are closed before the usual 5 s keep-alive of a Node server, so a request
    // never goes out on a socket the server is closing.
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 128, timeout: opts.idleSocketMs ?? 4000 };
    this.agent = this.secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    this.hostname = url.hostname.replace(/^\[|\]$/g, '');
    this.port = url.port;
    this.prefix = url.pathname.replace(/\/$/, '');
  }

  post(path: string, headers: Record<string, string>, body: unknown, signal: AbortSignal): Promise<JsonAnswer> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<JsonAnswer>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('aborted before sending'));
      let settled = false;
      const finish = (e: Error | null, answer?: JsonAnswer) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (e) reject(e);
        else resolve(answer!);
      };
      const request = this.secure ? https.request : http.request;
      const req = request(
        {
          agent: this.agent,
          hostname: this.hostname,
          port: this.port,
          method: 'POST',
          path: this.prefix + path,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => {
            if (ok) chunks.push(c);
          });
          res.on('end', () => {
            if (!ok) return finish(null, { status, body: undefined });
            try {
              finish(null, { status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch (e) {
              finish(e as Error);
            }
          });
          res.on('error', (e) => finish(e));
          // 'close' also follows every complete answer: the error is only made when it counts.
          res.on('close', () => settled || finish(new Error('the connection closed before the answer was complete')));
        },
      );
      const onAbort = () => req.destroy(new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => finish(e));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
