/** Fault injection per simulated supplier, for tests of timeouts, circuit breakers and partial failures. */
export type SupplierName = 'BRP' | 'UWV' | 'SVB' | 'DUO' | 'RDW' | 'KADASTER' | 'BELASTINGDIENST' | 'KVK';
export const SUPPLIERS: readonly SupplierName[] = ['BRP', 'UWV', 'SVB', 'DUO', 'RDW', 'KADASTER', 'BELASTINGDIENST', 'KVK'];

export type Fault = { mode: 'ok' } | { mode: 'error' } | { mode: 'slow'; delayMs: number };

/** Parses "UWV=error,SVB=slow:3000" (unknown suppliers or modes are refused). */
export function parseFaults(spec: string | undefined): Map<SupplierName, Fault> {
  const faults = new Map<SupplierName, Fault>();
  for (const part of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [supplier, mode] = part.split('=');
    if (!SUPPLIERS.includes(supplier as SupplierName)) throw new Error(`unknown supplier ${supplier} in SIM_FAULTS`);
    faults.set(supplier as SupplierName, parseFault(mode ?? ''));
  }
  return faults;
}

export function parseFault(mode: string): Fault {
  if (mode === 'ok' || mode === 'error') return { mode };
  const slow = /^slow:(\d{1,6})$/.exec(mode);
  if (slow) return { mode: 'slow', delayMs: Number(slow[1]) };
  throw new Error(`fault "${mode}" is not ok, error or slow:<ms>`);
}
