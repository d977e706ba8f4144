/**
 * The event ids the read model has applied, so that a replayed or duplicated event changes
 * nothing. A million whitelist events must not cost a million strings: UUIDs (what
 * registration writes) are kept as 128-bit values in an open-addressing hash table of four
 * 32-bit words each (16 bytes, at most half full); any other id falls back to a Set.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class EventIdSet {
  private slots: Uint32Array;
  private used: Uint8Array;
  private capacity: number;
  private count = 0;
  private readonly others = new Set<string>();

  constructor(initialCapacity = 1024) {
    this.capacity = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.slots = new Uint32Array(this.capacity * 4);
    this.used = new Uint8Array(this.capacity);
  }

  get size(): number {
    return this.count + this.others.size;
  }

  has(id: string): boolean {
    const w = words(id);
    if (!w) return this.others.has(id);
    return this.find(w[0], w[1], w[2], w[3]) >= 0;
  }

  /** Adds the id; false when it was there already. */
  add(id: string): boolean {
    const w = words(id);
    if (!w) {
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    if (this.find(w[0], w[1], w[2], w[3]) >= 0) return false;
    if ((this.count + 1) * 2 > this.capacity) this.grow();
    this.insert(w[0], w[1], w[2], w[3]);
    this.count++;
    return true;
  }

  /** Bytes held by the table (for the memory figures). */
  get bytes(): number {
    return this.slots.byteLength + this.used.byteLength;
  }

  private find(a: number, b: number, c: number, d: number): number {
    const mask = this.capacity - 1;
    for (let i = hash(a, b, c, d) & mask; ; i = (i + 1) & mask) {
      if (!this.used[i]) return -1;
      const o = i * 4;
      if (this.slots[o] === a && this.slots[o + 1] === b && this.slots[o + 2] === c && this.slots[o + 3] === d) return i;
    }
  }

  private insert(a: number, b: number, c: number, d: number): void {
    const mask = this.capacity - 1;
    let i = hash(a, b, c, d) & mask;
    while (this.used[i]) i = (i + 1) & mask;
    const o = i * 4;
    this.slots[o] = a;
    this.slots[o + 1] = b;
    this.slots[o + 2] = c;
    this.slots[o + 3] = d;
    this.used[i] = 1;
  }

  private grow(): void {
    const { slots, used, capacity } = this;
    this.capacity = capacity * 2;
    this.slots = new Uint32Array(this.capacity * 4);
    this.used = new Uint8Array(this.capacity);
    for (let i = 0; i < capacity; i++) {
      if (used[i]) this.insert(slots[i * 4], slots[i * 4 + 1], slots[i * 4 + 2], slots[i * 4 + 3]);
    }
  }
}

const scratch = new Uint32Array(4);

/** The four 32-bit words of a UUID, or null for any other id (valid only until the next call). */
function words(id: string): Uint32Array | null {
  if (id.length !== 36 || !UUID.test(id)) return null;
  scratch[0] = parseInt(id.slice(0, 8), 16);
  scratch[1] = parseInt(id.slice(9, 13) + id.slice(14, 18), 16);
  scratch[2] = parseInt(id.slice(19, 23) + id.slice(24, 28), 16);
  scratch[3] = parseInt(id.slice(28, 36), 16);
  return scratch;
}

function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ d ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
