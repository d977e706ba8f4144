import { InFlight, LEADERLESS, Placement, takeBatches, UNPLACED } from './send-lanes';

interface Rec {
  id: string;
  topic: string;
  partition?: number;
  settled: boolean;
}

// Partitions 0-2 led by broker 1, 3-5 by broker 2, 6-8 by broker 3; topic "cold" is not known yet.
const leaders = [1, 1, 1, 2, 2, 2, 3, 3, 3];
const place = (r: Rec): Placement => (r.partition === undefined ? {} : r.partition < 0 ? { partition: -r.partition } : { partition: r.partition, leader: leaders[r.partition] });
const rec = (id: string, partition?: number, topic = 't'): Rec => ({ id, topic, partition, settled: false });
const ids = (rs: readonly Rec[]) => rs.map((r) => r.id);

describe('send lanes', () => {
  it('sends one batch per leading broker, each with its records in order', () => {
    const q = [rec('a', 0), rec('b', 3), rec('c', 6), rec('d', 1), rec('e', 3)];
    const { batches, rest } = takeBatches(q, place, new InFlight(), 500);
    expect(batches.map((b) => [b.lane, ids(b.records)])).toEqual([
      [1, ['a', 'd']],
      [2, ['b', 'e']],
      [3, ['c']],
    ]);
    expect(rest).toEqual([]);
  });

  it('holds back only the records of a busy broker, so a hung broker stops no one else', () => {
    const inFlight = new InFlight();
    inFlight.claim(2, []);
    const { batches, rest } = takeBatches([rec('a', 3), rec('b', 0), rec('c', 4), rec('d', 7)], place, inFlight, 500);
    expect(batches.map((b) => b.lane)).toEqual([1, 3]);
    expect(ids(rest)).toEqual(['a', 'c']);
  });

  it('never puts a partition in two batches at once, even when its leader moved to a free broker', () => {
    const inFlight = new InFlight();
    // Partition 3 is in flight in broker 2's lane; it is now led by broker 1.
    const b2 = takeBatches([rec('old', 3)], place, inFlight, 500).batches[0];
    inFlight.claim(b2.lane, b2.partitions);
    const moved = (r: Rec): Placement => (r.partition === 3 ? { partition: 3, leader: 1 } : place(r));
    const { batches, rest } = takeBatches([rec('new', 3), rec('x', 0)], moved, inFlight, 500);
    expect(batches.map((b) => ids(b.records))).toEqual([['x']]);
    expect(ids(rest)).toEqual(['new']);
    inFlight.release(b2.lane, b2.partitions);
    expect(ids(takeBatches(rest, moved, inFlight, 500).batches[0].records)).toEqual(['new']);
  });

  it('keeps a partition in order when a full batch holds one of its records back', () => {
    const q = [rec('a', 0), rec('b', 1), rec('c', 0)];
    const first = takeBatches(q, place, new InFlight(), 2);
    expect(ids(first.batches[0].records)).toEqual(['a', 'b']);
    expect(ids(first.rest)).toEqual(['c']);
  });

  it('does not let a later record of a held-back partition overtake it through another lane', () => {
    // Leaders change between the two records' placements in one pass cannot happen (one view per
    // pass), but a held-back partition stays held back for the rest of the pass.
    const inFlight = new InFlight();
    inFlight.claim(1, []);
    let calls = 0;
    const flaky = (r: Rec): Placement => (r.partition === 0 ? { partition: 0, leader: calls++ === 0 ? 1 : 2 } : place(r));
    const { batches, rest } = takeBatches([rec('a', 0), rec('b', 0)], flaky, inFlight, 500);
    expect(batches).toEqual([]);
    expect(ids(rest)).toEqual(['a', 'b']);
  });

  it('sends records of a topic not known yet alone, and only when nothing is in flight', () => {
    const q = [rec('cold1', undefined, 'cold'), rec('a', 0), rec('cold2', undefined, 'cold')];
    const alone = takeBatches(q, place, new InFlight(), 500);
    expect(alone.batches.map((b) => [b.lane, ids(b.records)])).toEqual([[UNPLACED, ['cold1', 'cold2']]]);
    expect(ids(alone.rest)).toEqual(['a']);

    const busy = new InFlight();
    busy.claim(3, []);
    expect(takeBatches([rec('cold', undefined, 'cold')], place, busy, 500).batches).toEqual([]);

    const unplacedBusy = new InFlight();
    unplacedBusy.claim(UNPLACED, []);
    expect(takeBatches([rec('a', 0)], place, unplacedBusy, 500).batches).toEqual([]);
  });

  it('puts a partition without a leader in a lane of its own', () => {
    const { batches } = takeBatches([rec('a', -4)], place, new InFlight(), 500);
    expect(batches.map((b) => b.lane)).toEqual([LEADERLESS]);
  });

  it('drops records whose caller gave up', () => {
    const gone = { ...rec('gone', 0), settled: true };
    const { batches, rest } = takeBatches([gone, rec('a', 0)], place, new InFlight(), 500);
    expect(ids(batches[0].records)).toEqual(['a']);
    expect(rest).toEqual([]);
  });
});
