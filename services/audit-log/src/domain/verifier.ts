/**
 * The verifier: recomputes every link of every chain and reports the first broken one. Records
 * are fed in (chain, sequence) order, in pages of any size (so millions of records stream
 * through without being held in memory); kept checkpoints add what a chain alone cannot show:
 * the removal (or wholesale rewrite) of the newest records.
 *
 * What is detected, and where it is reported:
 * | tampering                                  | reason                       | sequence reported            |
 * | ------------------------------------------ | ---------------------------- | ---------------------------- |
 * | a field of a record edited                 | CONTENT_ALTERED              | the edited record            |
 * | a record in the middle deleted             | RECORD_MISSING               | the missing one              |
 * | records reordered (sequence numbers swapped)| LINK_BROKEN                 | the first moved record       |
 * | a record's prev_hash changed               | LINK_BROKEN                  | that record                  |
 * | newest records deleted after a checkpoint  | RECORDS_MISSING_AFTER_CHECKPOINT | first missing (head + 1) |
 * | chain rewritten before a checkpoint        | CHECKPOINT_MISMATCH          | the checkpoint's head        |
 * | a forged or altered checkpoint             | CHECKPOINT_SIGNATURE_INVALID | the checkpoint's head        |
 */
import type { KeyObject } from 'node:crypto';
import type { ChainedEntry } from './audit-entry';
import { checkpointSignatureValid, SignedCheckpoint } from './checkpoint';
import { canonicalContentOf, GENESIS_HASH, linkHash } from './hash-chain';

/**
 * A record as the verifier needs it: its place, its links and its canonical content (built by
 * whoever read it; for stored rows see the audit store's `linkOfRow`).
 */
export interface ChainLink {
  chain: string;
  sequence: number;
  prevHash: string;
  hash: string;
  content: string;
}

export type BreakReason =
  | 'CONTENT_ALTERED'
  | 'RECORD_MISSING'
  | 'LINK_BROKEN'
  | 'SEQUENCE_OUT_OF_ORDER'
  | 'RECORDS_MISSING_AFTER_CHECKPOINT'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_SIGNATURE_INVALID';

export interface ChainBreak {
  chain: string;
  sequence: number;
  reason: BreakReason;
}

export interface VerificationReport {
  ok: boolean;
  checkedRecords: number;
  chains: number;
  checkpointsChecked: number;
  /** The first break: of the chains that broke, the one first in id order, at its lowest sequence. */
  firstBroken: ChainBreak | null;
  /** The first break of every broken chain. */
  broken: ChainBreak[];
}

/** Only the fields the verifier needs of a checkpoint (the statement, and a signature if checked). */
export type KeptCheckpoint = Pick<SignedCheckpoint, 'chain' | 'headSequence' | 'headHash' | 'recordCount'> & Partial<SignedCheckpoint>;

interface ChainState {
  chain: string;
  lastSequence: number;
  lastHash: string;
  broken: boolean;
  /** Checkpoints of this chain by head sequence. */
  checkpoints: Map<number, KeptCheckpoint[]>;
}

export class ChainVerifier {
  private current?: ChainState;
  private readonly checkpoints = new Map<string, KeptCheckpoint[]>();
  private readonly seenChains = new Set<string>();
  private readonly breaks: ChainBreak[] = [];
  private checked = 0;
  private checkpointsChecked = 0;

  /**
   * @param checkpoints kept checkpoints (from an outside verifier, or the log's own);
   * @param publicKey when given, every checkpoint must carry a valid signature under it.
   */
  constructor(checkpoints: KeptCheckpoint[] = [], publicKey?: KeyObject) {
    for (const c of checkpoints) {
      if (publicKey && !(c.signature && checkpointSignatureValid(c as SignedCheckpoint, publicKey))) {
        this.breaks.push({ chain: c.chain, sequence: c.headSequence, reason: 'CHECKPOINT_SIGNATURE_INVALID' });
        continue;
      }
      this.checkpoints.set(c.chain, [...(this.checkpoints.get(c.chain) ?? []), c]);
    }
  }

  /** Feeds the next records: each chain's records together, in sequence order. */
  push(records: Iterable<ChainedEntry>): void {
    for (const r of records) this.one({ chain: r.chain, sequence: r.sequence, prevHash: r.prevHash, hash: r.hash, content: canonicalContentOf(r.chain, r.sequence, r) });
  }

  /** The same, for records whose canonical content was built already. */
  pushLinks(links: Iterable<ChainLink>): void {
    for (const l of links) this.one(l);
  }

  private one(r: ChainLink): void {
    if (!this.current || this.current.chain !== r.chain) {
      if (this.seenChains.has(r.chain)) throw new Error(`records of chain ${r.chain} must be fed together, in sequence order`);
      this.finishChain();
      this.current = this.startChain(r.chain);
    }
    const c = this.current;
    this.checked++;
    if (c.broken) return;
    const expected = c.lastSequence + 1;
    if (r.sequence !== expected) {
      this.breakAt(c, r.sequence > expected ? expected : r.sequence, r.sequence > expected ? 'RECORD_MISSING' : 'SEQUENCE_OUT_OF_ORDER');
      return;
    }
    if (r.prevHash !== c.lastHash) {
      this.breakAt(c, r.sequence, 'LINK_BROKEN');
      return;
    }
    if (linkHash(r.prevHash, r.content) !== r.hash) {
      this.breakAt(c, r.sequence, 'CONTENT_ALTERED');
      return;
    }
    c.lastSequence = r.sequence;
    c.lastHash = r.hash;
    const kept = c.checkpoints.get(r.sequence);
    if (kept) {
      for (const k of kept) {
        this.checkpointsChecked++;
        if (k.headHash !== r.hash || k.recordCount !== r.sequence) {
          this.breakAt(c, r.sequence, 'CHECKPOINT_MISMATCH');
          return;
        }
      }
    }
  }

  private startChain(chain: string): ChainState {
    this.seenChains.add(chain);
    const byHead = new Map<number, KeptCheckpoint[]>();
    for (const k of this.checkpoints.get(chain) ?? []) byHead.set(k.headSequence, [...(byHead.get(k.headSequence) ?? []), k]);
    return { chain, lastSequence: 0, lastHash: GENESIS_HASH, broken: false, checkpoints: byHead };
  }

  private breakAt(c: ChainState, sequence: number, reason: BreakReason): void {
    c.broken = true;
    this.breaks.push({ chain: c.chain, sequence, reason });
  }

  /** Checkpoints beyond the chain's last record: its newest records are gone. */
  private finishChain(): void {
    const c = this.current;
    if (!c || c.broken) return;
    const beyond = [...c.checkpoints.keys()].filter((s) => s > c.lastSequence);
    if (beyond.length > 0) {
      this.checkpointsChecked += beyond.length;
      this.breakAt(c, c.lastSequence + 1, 'RECORDS_MISSING_AFTER_CHECKPOINT');
    }
  }

  finish(): VerificationReport {
    this.finishChain();
    this.current = undefined;
    // Chains that kept checkpoints know of, but that have no record at all any more.
    for (const [chain, kept] of this.checkpoints) {
      if (this.seenChains.has(chain) || kept.every((k) => k.headSequence === 0)) continue;
      this.checkpointsChecked += kept.length;
      this.breaks.push({ chain, sequence: 1, reason: 'RECORDS_MISSING_AFTER_CHECKPOINT' });
    }
    const ordered = [...this.breaks].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.sequence - b.sequence));
    const firstPerChain = ordered.filter((b, i) => i === 0 || ordered[i - 1].chain !== b.chain);
    return {
      ok: ordered.length === 0,
      checkedRecords: this.checked,
      chains: this.seenChains.size,
      checkpointsChecked: this.checkpointsChecked,
      firstBroken: firstPerChain[0] ?? null,
      broken: firstPerChain,
    };
  }
}

/** Verifies records held in memory (ordered by chain, then sequence). */
export function verifyRecords(records: Iterable<ChainedEntry>, checkpoints: KeptCheckpoint[] = [], publicKey?: KeyObject): VerificationReport {
  const v = new ChainVerifier(checkpoints, publicKey);
  v.push(records);
  return v.finish();
}

/** One report from the reports of disjoint sets of chains (e.g. verified in parallel). */
export function mergeReports(reports: VerificationReport[]): VerificationReport {
  const broken = reports.flatMap((r) => r.broken).sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.sequence - b.sequence));
  return {
    ok: broken.length === 0,
    checkedRecords: reports.reduce((n, r) => n + r.checkedRecords, 0),
    chains: reports.reduce((n, r) => n + r.chains, 0),
    checkpointsChecked: reports.reduce((n, r) => n + r.checkpointsChecked, 0),
    firstBroken: broken[0] ?? null,
    broken,
  };
}
