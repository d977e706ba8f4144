/**
 * Clear errors at the edge: every refusal is an HTTP status, a machine-readable code and a
 * sentence a person understands. Domain and app code refuse with a `Refusal` (a kind, a code, a
 * message; ADR 0026), whose kind the filter below maps to a status through REFUSAL_STATUS, the
 * one place that does; edge code may throw an `ApiError` with its status. Anything unexpected
 * becomes a 500 without internals.
 */
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpServer,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { isRefusal, REFUSAL_STATUS } from '@inkijk/contracts';

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** An error with a code and a status; safe to show to the caller. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  /** `http`: the app's HTTP adapter (Express or Fastify), which writes the answer its own way. */
  constructor(private readonly http: HttpServer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = toErrorResponse(exception);
    if (status >= 500) this.logger.error(`${body.code}: ${(exception as Error)?.stack ?? String(exception)}`);
    this.http.reply(host.switchToHttp().getResponse(), body, status);
  }
}

export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody } {
  if (exception instanceof ApiError) {
    return { status: exception.status, body: { code: exception.code, message: exception.message, details: exception.details } };
  }
  if (isRefusal(exception)) {
    const body: ErrorBody = { code: exception.code, message: exception.message };
    if (exception.details !== undefined) body.details = exception.details;
    return { status: REFUSAL_STATUS[exception.kind], body };
  }
  if (isFastifyBodyError(exception)) {
    return fastifyBodyError(exception);
  }
  if (exception instanceof HttpException && isBodyParserError(exception.cause)) {
    return toErrorResponse(exception.cause);
  }
  if (exception instanceof HttpException && exception.getStatus() === 400 && /JSON/.test(exception.message)) {
    // NestJS turns the JSON parser's SyntaxError into a plain 400; keep our code and sentence.
    return toErrorResponse(Object.assign(new Error(exception.message), { status: 400, type: 'entity.parse.failed' }));
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const r = exception.getResponse();
    const message = typeof r === 'string' ? r : (r as { message?: string | string[] }).message;
    return {
      status,
      body: {
        code: httpCode(status),
        message: Array.isArray(message) ? message.join('; ') : (message ?? exception.message),
      },
    };
  }
  if (isBodyParserError(exception)) {
    // body-parser's own status (413, 400, 415 for an unsupported encoding, ...).
    return { status: exception.status, body: BODY_REFUSALS[exception.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'MALFORMED_BODY'].body };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; the request was not completed.' } };
}


function isBodyParserError(e: unknown): e is Error & { status: number; type: string } {
  return e instanceof Error && typeof (e as { type?: unknown }).type === 'string' && typeof (e as { status?: unknown }).status === 'number';
}

/** Errors of Fastify's body reading (the query path's services, ADR 0012). */
function isFastifyBodyError(e: unknown): e is Error & { code: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
}

function fastifyBodyError(e: Error & { code: string }): { status: number; body: ErrorBody } {
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return BODY_REFUSALS.PAYLOAD_TOO_LARGE;
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return BODY_REFUSALS.UNSUPPORTED_MEDIA_TYPE;
  return BODY_REFUSALS.MALFORMED_BODY;
}

/** The refusals of a body that cannot be read, the same from Express's and Fastify's parsers. */
const BODY_REFUSALS: Record<'PAYLOAD_TOO_LARGE' | 'MALFORMED_BODY' | 'UNSUPPORTED_MEDIA_TYPE', { status: number; body: ErrorBody }> = {
  PAYLOAD_TOO_LARGE: { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this endpoint accepts.' } },
  MALFORMED_BODY: { status: 400, body: { code: 'MALFORMED_BODY', message: 'The request body is not valid JSON.' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This endpoint reads JSON: send the body as application/json.' } },
};

function httpCode(status: number): string {
  switch (status) {
    case 400: return 'BAD_REQUEST';
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 409: return 'CONFLICT';
    case 413: return 'PAYLOAD_TOO_LARGE';
    case 415: return 'UNSUPPORTED_MEDIA_TYPE';
    case 422: return 'UNPROCESSABLE';
    case 503: return 'UNAVAILABLE';
    default: return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}
