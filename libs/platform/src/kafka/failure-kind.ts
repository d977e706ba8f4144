/**
 * The one classification of processing failures, for every consumer: transient (a dependency is
 * away: the database, the broker, a connection; waiting helps) or poison (the record itself
 * cannot be processed: undecodable, an unknown schema, impossible content, a constraint it
 * breaks; waiting never helps, so it is parked).
 *
 * A record must never be parked for a reason that is not its own: what is not recognised is
 * treated as transient (`recognised: false`), so that the consumer waits and says so in its log,
 * its metrics and readiness, instead of losing the record to the dead-letter topic. A handler
 * that knows a record is its own problem throws a PoisonError (or a domain refusal, below).
 *
 * Looked at, outside in, on the error and what it wraps (`cause`, `errors` of an AggregateError,
 * Prisma's `meta.driverAdapterError`); the first recognised signal decides:
 *  - explicit: PoisonError / TransientError, or `failureKind: 'poison' | 'transient'` on the error;
 *  - platform: DecodeError, SchemaValidationError (poison); DurableSendError, CircuitOpenError,
 *    CallTimeoutError (transient);
 *  - refusals (a Refusal of any name, by its kind, ADR 0026): UNAVAILABLE and TOO_MANY transient,
 *    every other kind poison; an ApiError-like 4xx: poison; a 5xx: transient;
 *  - PostgreSQL SQLSTATE: 08xxx, 53xxx, 57P01..57P05, 57014, 40001, 40P01, 55P03, 55006, 58xxx,
 *    25006 transient; 22xxx, 23xxx poison;
 *  - Prisma codes: P1xxx, P2024, P2028, P2034, P2037 transient; P2000, P2002..P2007, P2011,
 *    P2012, P2019, P2020 poison; driver adapter kinds likewise;
 *  - Node socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...) and pg's connection messages
 *    ("Connection terminated unexpectedly", ...): transient;
 *  - kafkajs errors: transient, except a record too large for the broker (poison).
 */
import { isRefusal } from '@inkijk/contracts';
import { DecodeError, SchemaValidationError } from '../avro/codec';
import { CallTimeoutError, CircuitOpenError } from '../resilience/circuit-breaker';
import { DurableSendError } from './durable-sender';

export type FailureKind = 'transient' | 'poison';

export interface FailureClass {
  kind: FailureKind;
  /** False when nothing in the error was recognised: then kind is 'transient', by decision. */
  recognised: boolean;
  /** What decided, short and free of the record's content, e.g. `ECONNREFUSED`, `pg 23514`, `Prisma P1001`. */
  signal: string;
}

/** Thrown by a handler for a record that can never be processed (parked, not waited for). */
export class PoisonError extends Error {
  readonly failureKind = 'poison';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonError';
  }
}

/** Thrown by a handler for a passing fault of a dependency (waited for, never parked). */
export class TransientError extends Error {
  readonly failureKind = 'transient';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED',
  'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/** pg (node-postgres) and pg-pool throw these without a code. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /is not queryable$/,
  /^Query read timeout$/,
  /^connect E[A-Z]+ /,
  /^Can't reach database server/,
];

const PRISMA_TRANSIENT = new Set(['P2024', 'P2028', 'P2034', 'P2037']);
const PRISMA_POISON = new Set(['P2000', 'P2002', 'P2003', 'P2004', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020']);

/** Prisma driver adapter error kinds (@prisma/driver-adapter-utils). */
const ADAPTER_TRANSIENT = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict', 'TransactionAlreadyClosed', 'AuthenticationFailed', 'DatabaseDoesNotExist', 'DatabaseAccessDenied', 'TlsConnectionError']);
const ADAPTER_POISON = new Set(['LengthMismatch', 'UniqueConstraintViolation', 'ForeignKeyConstraintViolation', 'RestrictViolation', 'NullConstraintViolation', 'InvalidInputValue', 'ValueOutOfRange']);

const KAFKA_POISON_TYPES = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);

/** A PostgreSQL SQLSTATE's kind, or undefined when it says nothing about the record or a dependency. */
export function sqlStateKind(code: string): FailureKind | undefined {
  if (!/^[0-9A-Z]{5}$/.test(code)) return undefined;
  const cls = code.slice(0, 2);
  if (cls === '08' || cls === '53' || cls === '58') return 'transient';
  if (/^57P0[1-5]$/.test(code) || ['57014', '40001', '40P01', '55P03', '55006', '25006'].includes(code)) return 'transient';
  if (cls === '22' || cls === '23') return 'poison';
  return undefined;
}

type Bag = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function classifyOne(e: Bag): FailureClass | undefined {
  const known = (kind: FailureKind, signal: string): FailureClass => ({ kind, recognised: true, signal });
  if (e.failureKind === 'poison' || e.failureKind === 'transient') return known(e.failureKind, str(e.name) ?? 'marked');
  if (e instanceof DecodeError) return known('poison', e.reason);
  if (e instanceof SchemaValidationError) return known('poison', 'SchemaValidationError');
  if (e instanceof DurableSendError) return known('transient', 'DurableSendError');
  if (e instanceof CircuitOpenError || e instanceof CallTimeoutError) return known('transient', e.name);

  const name = str(e.name) ?? '';
  const code = e.code;
  // Refusals (ADR 0026), whatever their class is called: a dependency away is no fault of the record.
  if (isRefusal(e)) return known(e.kind === 'UNAVAILABLE' || e.kind === 'TOO_MANY' ? 'transient' : 'poison', `${name} ${e.code}`);
  // ApiError and errors shaped like it.
  if (typeof e.status === 'number' && typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) {
    if (e.status >= 400 && e.status < 500) return known('poison', `${name || 'error'} ${e.status} ${code}`);
    if (e.status >= 500 && e.status !== 500) return known('transient', `${name || 'error'} ${e.status} ${code}`);
  }

  if (name.startsWith('KafkaJS')) {
    const type = str(e.type);
    if (type && KAFKA_POISON_TYPES.has(type)) return known('poison', `kafka ${type}`);
    return known('transient', type ? `kafka ${type}` : name);
  }

  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return known('transient', code);
    if (/^P\d{4}$/.test(code)) {
      if (code.startsWith('P1') || PRISMA_TRANSIENT.has(code)) return known('transient', `Prisma ${code}`);
      if (PRISMA_POISON.has(code)) return known('poison', `Prisma ${code}`);
      // P2010 (raw query failed), P2039 (database error) and the like: the wrapped error decides.
    } else if (typeof e.severity === 'string' || str(e.routine) !== undefined) {
      const kind = sqlStateKind(code);
      if (kind) return known(kind, `pg ${code}`);
    }
  }

  // A driver adapter error's cause: { kind, originalCode? }.
  const kind = str(e.kind);
  if (kind) {
    if (ADAPTER_TRANSIENT.has(kind)) return known('transient', `database ${kind}`);
    if (ADAPTER_POISON.has(kind)) return known('poison', `database ${kind}`);
    const original = str(e.originalCode) ?? (kind === 'postgres' ? str(e.code) : undefined);
    const sqlKind = original ? sqlStateKind(original) : undefined;
    if (sqlKind && original) return known(sqlKind, `pg ${original}`);
  }

  const message = str(e.message);
  if (message && CONNECTION_MESSAGES.some((p) => p.test(message))) return known('transient', 'database connection');
  return undefined;
}

/** What an error wraps, outside in. */
function wrapped(e: Bag): unknown[] {
  const inner: unknown[] = [];
  if (e.cause !== undefined) inner.push(e.cause);
  const meta = e.meta as Bag | undefined;
  if (meta && typeof meta === 'object') {
    if (meta.driverAdapterError) inner.push(meta.driverAdapterError);
    // Older Prisma: meta.code is the database's own code on P2010.
    if (typeof meta.code === 'string') inner.push({ kind: 'postgres', code: meta.code });
  }
  if (Array.isArray(e.errors)) inner.push(...e.errors);
  return inner;
}

/** Classifies a processing failure: transient (wait and retry) or poison (park the record). */
export function classifyFailure(error: unknown): FailureClass {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const found = classifyOne(e as Bag);
    if (found) return found;
    queue.push(...wrapped(e as Bag));
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { kind: 'transient', recognised: false, signal: `unrecognised ${name}` };
}
