/**
 * One guard at every HTTP edge, the same on Express and Fastify: what no endpoint of ours can
 * want is refused with a 4xx before any handler, parser of ours or database sees it.
 *  - a Content-Encoding other than identity: 415 (we accept no compressed bodies; a gzip header on
 *    a plain body made the JSON parser fail with a 500);
 *  - control characters (NUL and the other C0 controls but tab, CR and LF; DEL) in a path
 *    parameter, a query value or any string of the body: 400 CONTROL_CHARACTER, naming the field
 *    (a NUL reaching PostgreSQL is a 500);
 *  - JSON nested deeper than MAX_DEPTH: 400 TOO_DEEP; a string in a JSON body longer than
 *    MAX_STRING: 400 FIELD_TOO_LONG; an array longer than MAX_ARRAY: 400 ARRAY_TOO_LONG (the limit
 *    is named in the message). Endpoints' own schemas set tighter limits per field.
 * A text body (CSV import) is a string at the top: its length is the body limit's business.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiError } from './errors';

export const EDGE_LIMITS = { MAX_DEPTH: 32, MAX_STRING: 10_000, MAX_ARRAY: 100_000 } as const;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The first problem of a request's inputs, or null. Pure, for both HTTP layers and tests. */
export function inputProblem(parts: { params?: unknown; query?: unknown; body?: unknown; contentEncoding?: string | string[] }): ApiError | null {
  const enc = Array.isArray(parts.contentEncoding) ? parts.contentEncoding.join(',') : parts.contentEncoding;
  if (enc && enc.split(',').some((e) => e.trim().toLowerCase() !== 'identity' && e.trim() !== '')) {
    return new ApiError(415, 'UNSUPPORTED_ENCODING', `Content-Encoding ${JSON.stringify(enc.slice(0, 40))} is not accepted: send the body uncompressed.`);
  }
  return walk(parts.params, 'path', 0, false) ?? walk(parts.query, 'query', 0, false) ?? (typeof parts.body === 'string' ? controlIn(parts.body, 'body') : walk(parts.body, 'body', 0, true));
}

function controlIn(s: string, where: string): ApiError | null {
  return CONTROL.test(s) ? new ApiError(400, 'CONTROL_CHARACTER', `${where} contains a control character (such as NUL), which no field accepts.`) : null;
}

function walk(v: unknown, where: string, depth: number, json: boolean): ApiError | null {
  if (typeof v === 'string') {
    if (json && v.length > EDGE_LIMITS.MAX_STRING) return new ApiError(400, 'FIELD_TOO_LONG', `${where} is longer than ${EDGE_LIMITS.MAX_STRING} characters.`);
    return controlIn(v, where);
  }
  if (v === null || typeof v !== 'object') return null;
  if (depth >= EDGE_LIMITS.MAX_DEPTH) return new ApiError(400, 'TOO_DEEP', `${where} is nested deeper than ${EDGE_LIMITS.MAX_DEPTH} levels.`);
  if (Array.isArray(v)) {
    if (v.length > EDGE_LIMITS.MAX_ARRAY) return new ApiError(400, 'ARRAY_TOO_LONG', `${where} has more than ${EDGE_LIMITS.MAX_ARRAY} entries.`);
    for (let i = 0; i < v.length; i++) {
      const p = walk(v[i], `${where}[${i}]`, depth + 1, json);
      if (p) return p;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const name = CONTROL.test(k) ? '(a key with a control character)' : `${where}.${k.slice(0, 40)}`;
    if (name.startsWith('(')) return new ApiError(400, 'CONTROL_CHARACTER', `${where} has a key with a control character, which no field accepts.`);
    const p = walk(x, name, depth + 1, json);
    if (p) return p;
  }
  return null;
}

/** The global guard of every service (configureHttpApp): runs before authentication and handlers. */
@Injectable()
export class EdgeGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<{ params?: unknown; query?: unknown; body?: unknown }>();
    // Content-Encoding was checked before the body parser (bootstrap.ts).
    const problem = inputProblem({ params: req.params, query: req.query, body: req.body });
    if (problem) throw problem;
    return true;
  }
}
