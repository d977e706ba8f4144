/**
 * Which records of the durable sender's queue may leave now, and together (ADR 0019).
 *
 * Records travel in one lane per broker that leads their partition: one batch in flight per
 * lane, so a broker that hangs or has just died holds only the records of the partitions it
 * leads, while the other brokers' lanes keep going. Two rules keep the idempotent producer
 * correct and every key in order:
 * - a partition is in at most one batch at a time (kafkajs numbers each partition's records as
 *   it builds a request; two requests for one partition at once would break the numbering);
 * - a record never overtakes an earlier record of its partition: once one is held back, every
 *   later one of that partition is held back in the same pass.
 * A record whose partition is not known yet (the producer has not seen its topic's metadata)
 * travels in the lane UNPLACED, which runs alone: nothing else in flight while it is, and it
 * starts only when nothing is.
 *
 * Pure: no kafkajs, no timers; `DurableSender` calls it and unit tests drive it.
 */

/** The lane of records whose partition is not known yet: it runs alone. */
export const UNPLACED = -1;
/** The lane of records whose partition has no leader right now (an election is running). */
export const LEADERLESS = -2;

export interface Placement {
  /** The record's partition, when its topic's partitions are known. */
  partition?: number;
  /** The broker leading that partition (node id), when known. */
  leader?: number;
}

export interface Queued {
  readonly topic: string;
  readonly settled: boolean;
}

/** What is in flight: the busy lanes and the partitions of their batches. */
export class InFlight {
  private readonly lanes = new Set<number>();
  private readonly partitions = new Set<string>();

  get idle(): boolean {
    return this.lanes.size === 0;
  }

  laneBusy(lane: number): boolean {
    return this.lanes.has(lane) || this.lanes.has(UNPLACED);
  }

  partitionBusy(topic: string, partition: number): boolean {
    return this.partitions.has(partitionKey(topic, partition));
  }

  claim(lane: number, parts: Iterable<string>): void {
    this.lanes.add(lane);
    for (const p of parts) this.partitions.add(p);
  }

  release(lane: number, parts: Iterable<string>): void {
    this.lanes.delete(lane);
    for (const p of parts) this.partitions.delete(p);
  }
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export interface Batch<P> {
  lane: number;
  records: P[];
  /** partitionKey() of every partition in the batch (empty for the UNPLACED lane). */
  partitions: Set<string>;
  /** The placement of each record, in the order of `records`. */
  placements: Placement[];
}

export function laneOf(placement: Placement): number {
  if (placement.partition === undefined) return UNPLACED;
  return placement.leader ?? LEADERLESS;
}

/** Whether a record placed so could leave at once (its lane and partition are free). */
export function couldLeave(placement: Placement, topic: string, inFlight: InFlight): boolean {
  const lane = laneOf(placement);
  if (lane === UNPLACED) return inFlight.idle;
  return !inFlight.laneBusy(lane) && !inFlight.partitionBusy(topic, placement.partition as number);
}

/**
 * One pass over the queue in order: the batches that may leave now (at most one per free lane,
 * at most maxBatch records each) and the records that stay, in their order. Settled records
 * (their caller gave up) are dropped.
 */
export function takeBatches<P extends Queued>(queue: readonly P[], place: (p: P) => Placement, inFlight: InFlight, maxBatch: number): { batches: Batch<P>[]; rest: P[] } {
  const batches = new Map<number, Batch<P>>();
  const rest: P[] = [];
  const heldBack = new Set<string>();
  let unplacedHeld = false;
  for (const p of queue) {
    if (p.settled) continue;
    const placement = place(p);
    const lane = laneOf(placement);
    if (lane === UNPLACED) {
      // Alone: only when nothing is in flight and no other batch forms in this pass.
      const own = batches.get(UNPLACED);
      const fits = own ? own.records.length < maxBatch : inFlight.idle && batches.size === 0;
      if (fits && !unplacedHeld) {
        add(batches, UNPLACED, p, placement, undefined);
      } else {
        unplacedHeld = true;
        rest.push(p);
      }
      continue;
    }
    const key = partitionKey(p.topic, placement.partition as number);
    const batch = batches.get(lane);
    const free =
      !heldBack.has(key) &&
      !batches.has(UNPLACED) &&
      !inFlight.laneBusy(lane) &&
      !inFlight.partitionBusy(p.topic, placement.partition as number) &&
      (batch === undefined || batch.records.length < maxBatch);
    if (free) {
      add(batches, lane, p, placement, key);
    } else {
      heldBack.add(key);
      rest.push(p);
    }
  }
  return { batches: [...batches.values()], rest };
}

function add<P>(batches: Map<number, Batch<P>>, lane: number, p: P, placement: Placement, key: string | undefined): void {
  let b = batches.get(lane);
  if (!b) batches.set(lane, (b = { lane, records: [], partitions: new Set(), placements: [] }));
  b.records.push(p);
  b.placements.push(placement);
  if (key !== undefined) b.partitions.add(key);
}
