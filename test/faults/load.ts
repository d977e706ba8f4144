/**
 * Open-loop load through the gateway: a query every 1/rate s on a fixed schedule whatever the
 * answers, spread over a few workers and the municipalities each may act for. Latency counts from
 * the scheduled moment (no coordinated omission). Every answer is kept: status, code, queryId,
 * and whether the body carried data.
 */
import { percentile } from '@inkijk/testing';

export interface Sample {
  /** Scheduled moment, ms since the load started. */
  at: number;
  /** The HTTP status; 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  /** ms from the scheduled moment to the answer (or the failure). */
  ms: number;
  queryId?: string;
  actingForId: string;
  code?: string;
  /** The body carried source results or person data. */
  data: boolean;
  error?: string;
}

export interface LoadQuery {
  token: string;
  body: { actingForMunicipalityId: string; product: string; legalDomain: string; searchKey: { type: 'BSN'; bsn: string } };
}

export class OpenLoad {
  readonly samples: Sample[] = [];
  readonly started = Date.now();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;
  private stopped = false;

  constructor(
    private readonly gatewayUrl: () => string,
    private readonly next: (i: number) => LoadQuery,
    private readonly rate: number,
    private readonly timeoutMs = 20_000,
  ) {
    this.tick();
  }

  inFlightCount(): number {
    return this.inFlight.size;
  }

  /** ms since the load started. */
  now(): number {
    return Date.now() - this.started;
  }

  private tick(): void {
    if (this.stopped) return;
    const interval = 1000 / this.rate;
    // Send every query whose moment has come (a late timer catches up), then wait for the next.
    while (this.sent * interval <= this.now()) {
      const i = this.sent++;
      const p = this.send(i * interval, this.next(i)).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
    this.timer = setTimeout(() => this.tick(), Math.max(1, this.sent * interval - this.now()));
  }

  private async send(at: number, q: LoadQuery): Promise<void> {
    const sample: Sample = { at, status: 0, ms: 0, actingForId: q.body.actingForMunicipalityId, data: false };
    try {
      const res = await fetch(`${this.gatewayUrl()}/queries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${q.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(q.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      sample.status = res.status;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        sample.error = `not JSON: ${text.slice(0, 80)}`;
      }
      sample.code = typeof body.code === 'string' ? body.code : undefined;
      if (typeof body.queryId === 'string') sample.queryId = body.queryId;
      sample.data = 'results' in body || /"data"|geslachtsnaam|burgerservicenummer/.test(text);
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      sample.error = err.cause?.code ?? err.name ?? String(e);
    }
    sample.ms = this.now() - at;
    this.samples.push(sample);
  }

  /** Stops sending and waits for the answers still outstanding. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.inFlight]);
  }
}

export interface FaultWindow {
  name: string;
  /** The fault began (ms since the load started). */
  from: number;
  /** What was broken is back (restarted, resumed): the fault ended. */
  to: number;
  /** The phase ends: the next fault begins, or the load stops. */
  until: number;
  /** ms from the fault's end until every query answered before it was in the audit log. */
  caughtUpMs?: number;
}

/** One row of the table per fault: answers, 503s, no answer, latency, recovery. */
export function faultRow(samples: Sample[], w: FaultWindow): Record<string, string | number> {
  // A query belongs to the phase in which its answer (or failure) came: one in flight when a
  // process was killed counts for that fault.
  const mine = samples.filter((s) => s.at + s.ms >= w.from && s.at + s.ms < w.until);
  const ok = mine.filter((s) => s.status === 200);
  const during = mine.filter((s) => s.at < w.to);
  // Recovery: from the end of the fault to the first 200 answer to a query sent after it.
  const firstAfter = ok.filter((s) => s.at >= w.to).sort((a, b) => a.at + a.ms - (b.at + b.ms))[0];
  const ms = mine.map((s) => s.ms);
  // The longest stretch of the phase in which no query got a 200 (by the moment of the answer).
  const okTimes = ok.map((s) => s.at + s.ms).sort((a, b) => a - b);
  const edges = [w.from, ...okTimes, Math.max(w.from, ...mine.map((s) => s.at + s.ms))];
  let gap = 0;
  for (let i = 1; i < edges.length; i++) gap = Math.max(gap, edges[i] - edges[i - 1]);
  return {
    fault: w.name,
    'fault s': ((w.to - w.from) / 1000).toFixed(1),
    sent: mine.length,
    answered: ok.length,
    '503s': mine.filter((s) => s.status === 503).length,
    'other status': mine.filter((s) => s.status !== 200 && s.status !== 503 && s.status !== 0).length,
    'no answer': mine.filter((s) => s.status === 0).length,
    'answered during fault': `${during.filter((s) => s.status === 200).length}/${during.length}`,
    'p50 ms': ms.length ? percentile(ms, 50).toFixed(0) : '-',
    'p99 ms': ms.length ? percentile(ms, 99).toFixed(0) : '-',
    'longest without 200 ms': gap.toFixed(0),
    'recovery ms': firstAfter ? Math.max(0, firstAfter.at + firstAfter.ms - w.to).toFixed(0) : 'none',
    'audit caught up ms': w.caughtUpMs === undefined ? '-' : w.caughtUpMs.toFixed(0),
  };
}

/** The rows as a Markdown table (the README's form). */
export function markdownTable(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => String(r[c]).length));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(cols.map((c) => c.padEnd(width(c)))), line(cols.map((c, i) => (i === 0 ? '-'.repeat(width(c)) : `${'-'.repeat(width(c) - 1)}:`))), ...rows.map((r) => line(cols.map((c, i) => (i === 0 ? String(r[c]).padEnd(width(c)) : String(r[c]).padStart(width(c))))))].join('\n');
}
