/**
 * The one classification of processing failures: what a consumer waits for (transient) and what
 * it parks (poison), on the errors the drivers really throw (pg, Prisma, kafkajs, Node sockets).
 */
import { Refusal } from '@inkijk/contracts';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { DatabaseError } from 'pg';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { DecodeError, SchemaValidationError } from '../avro/codec';
import { ApiError } from '../http/errors';
import { CircuitOpenError } from '../resilience/circuit-breaker';
import { DurableSendError } from './durable-sender';
import { classifyFailure, PoisonError, sqlStateKind, TransientError } from './failure-kind';

const pgError = (code: string, message = 'a database error') => Object.assign(new DatabaseError(message, 0, 'error'), { code, severity: 'ERROR' });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
/** kafkajs builds protocol errors from its error table (types say Error, the code reads type and code). */
const kafkaProtocolError = (type: string, code: number, retriable: boolean) => new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable }));
const prismaError = (code: string, meta?: Record<string, unknown>) => new PrismaClientKnownRequestError('prisma says no', { code, clientVersion: '7.10.0', meta });
/** What @prisma/adapter-pg wraps a pg error in (DriverAdapterError), inside Prisma's P2010 for raw queries. */
const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error('driver adapter error'), { name: 'DriverAdapterError', cause });

/** A named refusal of a service (its class name is its own; its kind says what it is). */
class UnknownMunicipality extends Refusal {
  constructor() {
    super('INVALID', 'UNKNOWN_MUNICIPALITY', 'No municipality is registered with code GM9999.');
    this.name = 'UnknownMunicipality';
  }
}

describe('classifyFailure', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED'), 'ECONNREFUSED'],
    ['connection reset', socketError('ECONNRESET'), 'ECONNRESET'],
    ['connect timeout', socketError('ETIMEDOUT'), 'ETIMEDOUT'],
    ['both address families refused (AggregateError)', Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    ['pg: connection cut', new Error('Connection terminated unexpectedly'), 'database connection'],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect'), 'database connection'],
    ['pg 57P01 admin shutdown', pgError('57P01', 'terminating connection due to administrator command'), 'pg 57P01'],
    ['pg 57P03 cannot connect now', pgError('57P03', 'the database system is starting up'), 'pg 57P03'],
    ['pg 53300 too many connections', pgError('53300'), 'pg 53300'],
    ['pg 08006 connection failure', pgError('08006'), 'pg 08006'],
    ['pg 40001 serialization failure', pgError('40001'), 'pg 40001'],
    ['pg 40P01 deadlock', pgError('40P01'), 'pg 40P01'],
    ['Prisma P1001 cannot reach the database', prismaError('P1001'), 'Prisma P1001'],
    ['Prisma P1017 server closed the connection', prismaError('P1017'), 'Prisma P1017'],
    ['Prisma P2028 transaction API error', prismaError('P2028'), 'Prisma P2028'],
    ['Prisma P2034 write conflict', prismaError('P2034'), 'Prisma P2034'],
    ['Prisma P2010 around pg 08006', prismaError('P2010', { driverAdapterError: adapterError({ kind: 'postgres', code: '08006', originalCode: '08006' }) }), 'pg 08006'],
    ['a driver adapter: database not reachable', adapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1' }), 'database DatabaseNotReachable'],
    ['the broker did not acknowledge (DurableSendError)', new DurableSendError('no acknowledgement within 5000 ms'), 'DurableSendError'],
    ['kafkajs: connection error', new KafkaJSConnectionError('Connection timeout'), 'KafkaJSConnectionError'],
    ['kafkajs: not leader', kafkaProtocolError('NOT_LEADER_FOR_PARTITION', 6, true), 'kafka NOT_LEADER_FOR_PARTITION'],
    ['a data source circuit open', new CircuitOpenError('open'), 'CircuitOpenError'],
    ['an ApiError 503', new ApiError(503, 'LOG_UNAVAILABLE', 'the log does not answer'), 'ApiError 503 LOG_UNAVAILABLE'],
    ['a refusal of kind UNAVAILABLE', new Refusal('UNAVAILABLE', 'AUDIT_TRAIL_UNAVAILABLE', 'The action could not be recorded.'), 'Refusal AUDIT_TRAIL_UNAVAILABLE'],
    ['marked by the handler', new TransientError('the source is busy'), 'TransientError'],
    ['a wrapped connection error', new Error('storing the chunk failed', { cause: socketError('ECONNREFUSED') }), 'ECONNREFUSED'],
  ])('waits for %s (transient)', (_what, error, signal) => {
    expect(classifyFailure(error)).toEqual({ kind: 'transient', recognised: true, signal });
  });

  it.each([
    ['pg 23514 check violation', pgError('23514', 'new row violates check constraint'), 'pg 23514'],
    ['pg 23505 unique violation', pgError('23505'), 'pg 23505'],
    ['pg 23503 foreign key violation', pgError('23503'), 'pg 23503'],
    ['pg 22001 value too long', pgError('22001'), 'pg 22001'],
    ['pg 22P02 invalid text representation', pgError('22P02'), 'pg 22P02'],
    ['Prisma P2002 unique constraint', prismaError('P2002'), 'Prisma P2002'],
    ['Prisma P2003 foreign key', prismaError('P2003'), 'Prisma P2003'],
    ['Prisma P2010 around pg 23514', prismaError('P2010', { driverAdapterError: adapterError({ kind: 'postgres', code: '23514', originalCode: '23514' }) }), 'pg 23514'],
    ['a driver adapter: unique violation', adapterError({ kind: 'UniqueConstraintViolation', originalCode: '23505' }), 'database UniqueConstraintViolation'],
    ['an undecodable record', new DecodeError('UNDECODABLE', 'not avro'), 'UNDECODABLE'],
    ['an unknown schema', new DecodeError('UNKNOWN_SCHEMA', 'fingerprint'), 'UNKNOWN_SCHEMA'],
    ['a value that does not fit its schema', new SchemaValidationError('x.Y', ['a']), 'SchemaValidationError'],
    ['a domain refusal', new UnknownMunicipality(), 'UnknownMunicipality UNKNOWN_MUNICIPALITY'],
    ['a refusal by kind', new Refusal('NOT_FOUND', 'NO_SUCH_CASE', 'No such case.'), 'Refusal NO_SUCH_CASE'],
    ['an ApiError 400', new ApiError(400, 'INVALID_BSN', 'bsn must be a BSN'), 'ApiError 400 INVALID_BSN'],
    ['a record too large for the broker', kafkaProtocolError('MESSAGE_TOO_LARGE', 10, false), 'kafka MESSAGE_TOO_LARGE'],
    ['marked by the handler', new PoisonError('the case system rejected this case'), 'PoisonError'],
  ])('parks %s (poison)', (_what, error, signal) => {
    expect(classifyFailure(error)).toEqual({ kind: 'poison', recognised: true, signal });
  });

  it.each([
    ['a plain Error', new Error('something odd'), 'unrecognised Error'],
    ['a TypeError (a bug in the handler)', new TypeError("Cannot read properties of undefined (reading 'id')"), 'unrecognised TypeError'],
    ['pg 42P01 undefined table (a deployment fault, not the record)', pgError('42P01'), 'unrecognised error'],
    ['an ApiError 500', new ApiError(500, 'INTERNAL', 'oops'), 'unrecognised ApiError'],
    ['a thrown string', 'boom', 'unrecognised string'],
  ])('treats %s as transient, saying it did not recognise it', (_what, error, signal) => {
    expect(classifyFailure(error)).toEqual({ kind: 'transient', recognised: false, signal });
  });

  it('decides by the outermost recognised error (a refusal wrapping a connection error is the refusal)', () => {
    const refusal = new PoisonError('rejected', { cause: socketError('ECONNREFUSED') });
    expect(classifyFailure(refusal).kind).toBe('poison');
    const nonRetriable = new KafkaJSNonRetriableError(new Error('wrapped'));
    expect(classifyFailure(nonRetriable)).toMatchObject({ kind: 'transient', recognised: true });
  });

  it('survives an error whose cause refers back to itself', () => {
    const e: Error & { cause?: unknown } = new Error('loop');
    e.cause = e;
    expect(classifyFailure(e)).toMatchObject({ kind: 'transient', recognised: false });
  });
});

describe('sqlStateKind', () => {
  it.each([
    ['08001', 'transient'], ['08006', 'transient'], ['53100', 'transient'], ['53300', 'transient'], ['57P01', 'transient'], ['57P03', 'transient'],
    ['57014', 'transient'], ['40001', 'transient'], ['40P01', 'transient'], ['55P03', 'transient'], ['58030', 'transient'],
    ['23502', 'poison'], ['23503', 'poison'], ['23505', 'poison'], ['23514', 'poison'], ['22001', 'poison'], ['22003', 'poison'], ['22P02', 'poison'],
    ['42P01', undefined], ['42703', undefined], ['XX000', undefined], ['ECONNREFUSED', undefined],
  ])('%s is %s', (code, kind) => {
    expect(sqlStateKind(code)).toBe(kind);
  });
});
