/**
 * The hash chain (ADR 0005): record n's hash is SHA-256 over record n-1's hash and the
 * canonical content of record n. The canonical content is a JSON array of every stored field
 * in a fixed order (strings, integers and null only, so JSON.stringify is canonical: the RFC
 * 8785 serialisation of these values), which an outside verifier can rebuild from the stored
 * columns in any language.
 */
import * as crypto from 'node:crypto';
import type { ActionEntry, AuditEntry, Chained, ChainedEntry, DecisionEntry, LogEntry } from './audit-entry';

/** prevHash of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);
/** First element of the canonical array: the version of this layout (QUERY records). */
export const CANONICAL_VERSION = 'inkijk-audit-v1';
/** The layouts of ACTION and DECISION records (ADR 0018). */
export const ACTION_CANONICAL_VERSION = 'inkijk-audit-action-v1';
export const DECISION_CANONICAL_VERSION = 'inkijk-audit-decision-v1';

export interface ChainHead {
  chain: string;
  sequence: number;
  hash: string;
}

export const emptyHead = (chain: string): ChainHead => ({ chain, sequence: 0, hash: GENESIS_HASH });

/** A string map as [key, value] pairs in key order (keys compared by UTF-16 code units: ASCII order for the identifiers they are). */
export const sortedPairs = <V>(m: Record<string, V>): Array<[string, V]> => Object.keys(m).sort().map((k) => [k, m[k]]);

/** The canonical content of an ACTION record (layout inkijk-audit-action-v1). */
export function canonicalActionContent(chain: string, sequence: number, e: ActionEntry): string {
  return JSON.stringify([
    ACTION_CANONICAL_VERSION,
    chain,
    sequence,
    e.eventId,
    e.recordedAt,
    e.traceId,
    e.spanId,
    e.name,
    e.startTime,
    e.endTime,
    e.statusCode,
    e.service,
    e.actor.userId,
    e.actor.homeOrganisationId,
    e.actor.roles,
    e.actingForId,
    e.action,
    e.category,
    e.object.type,
    e.object.id,
    e.outcome,
    e.reasonCode,
    e.subjectPseudonym,
    sortedPairs(e.details),
  ]);
}

/** The canonical content of a DECISION record (layout inkijk-audit-decision-v1); escape as 1 or 0. */
export function canonicalDecisionContent(chain: string, sequence: number, e: DecisionEntry): string {
  const d = e.decision;
  return JSON.stringify([
    DECISION_CANONICAL_VERSION,
    chain,
    sequence,
    e.eventId,
    e.recordedAt,
    e.traceId,
    e.name,
    e.startTime,
    e.endTime,
    e.statusCode,
    e.worker.userId,
    e.worker.homeMunicipalityId,
    e.actingForId,
    e.product,
    e.legalDomain,
    e.evaluatedAt,
    e.subjectPseudonym,
    e.escapeReason,
    e.collaborationId,
    d.decisionId,
    d.result,
    d.reasonCode,
    d.rulesVersion,
    d.escape ? 1 : 0,
    e.reasonForUser,
    e.reasonForAdministrator,
    sortedPairs(e.readModelOffsets),
  ]);
}

/** The canonical content of any record, in the layout of its kind. */
export function canonicalContentOf(chain: string, sequence: number, e: LogEntry): string {
  if (e.kind === 'ACTION') return canonicalActionContent(chain, sequence, e);
  if (e.kind === 'DECISION') return canonicalDecisionContent(chain, sequence, e);
  return canonicalContent(chain, sequence, e);
}

/** The canonical content of a QUERY record at (chain, sequence): what its hash covers besides prevHash. */
export function canonicalContent(chain: string, sequence: number, e: AuditEntry): string {
  const h = e.worker.homeMunicipality;
  const a = e.actingFor;
  const s = e.dataSubject;
  return JSON.stringify([
    CANONICAL_VERSION,
    chain,
    sequence,
    e.eventId,
    e.recordedAt,
    e.traceId,
    e.spanId,
    e.parentSpanId,
    e.name,
    e.startTime,
    e.endTime,
    e.statusCode,
    e.processingActivityId,
    s ? s.idType : null,
    s ? s.pseudonym : null,
    s ? s.sealedBsn.toString('base64') : null,
    e.worker.userId,
    h.id,
    h.cbsCode,
    h.oin,
    h.name,
    a.id,
    a.cbsCode,
    a.oin,
    a.name,
    e.collaborationId,
    e.legalDomain,
    e.product,
    e.searchKeyType,
    e.sources.map((c) => [c.supplier, c.outcome, c.durationMs, c.personListsProvided]),
    e.whitelist.outcome,
    e.whitelist.escapeReason,
    e.decision.decisionId,
    e.decision.result,
    e.decision.reasonCode,
    e.decision.rulesVersion,
    e.outcome,
  ]);
}

// One-shot hashing (node >= 20.12) is about three times cheaper than a Hash object per record.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** SHA-256 hex of prevHash, a newline, and the canonical content (UTF-8). */
export function linkHash(prevHash: string, content: string): string {
  const data = `${prevHash}\n${content}`;
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** The hash a record should have, recomputed from its stored fields and its stored prevHash. */
export const recomputeHash = (r: ChainedEntry): string => linkHash(r.prevHash, canonicalContentOf(r.chain, r.sequence, r));

/**
 * Appends entries, in the given order, to a chain whose current head is `head`. Returns the
 * new records and the new head. Pure: the caller stores them (and holds the chain's lock).
 */
export function appendToChain<E extends LogEntry>(head: ChainHead, entries: E[]): { records: Array<Chained<E>>; head: ChainHead } {
  let sequence = head.sequence;
  let prevHash = head.hash;
  const records: Array<Chained<E>> = [];
  for (const e of entries) {
    sequence += 1;
    const hash = linkHash(prevHash, canonicalContentOf(head.chain, sequence, e));
    records.push({ ...e, chain: head.chain, sequence, prevHash, hash });
    prevHash = hash;
  }
  return { records, head: { chain: head.chain, sequence, hash: prevHash } };
}
