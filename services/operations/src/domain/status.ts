/**
 * The operators' status (issue 24): the state of each service, the broker, the lag of each
 * consumer group, the dead letters per group and reason and the newest checkpoint per audit chain,
 * in plain TypeScript. Every probe is time-boxed: one that does not answer in time is `unknown`,
 * never a hanging page. No I/O here; the adapters ask the services, the broker and the audit log.
 */

/** up: answered and fine; down: answered, not fine (or refused the connection); unknown: no answer in time. */
export type State = 'up' | 'down' | 'unknown';

/** The outcome of a time-boxed probe. */
export type Probed<T> = { state: 'answered'; value: T } | { state: 'failed'; reason: string } | { state: 'timed-out'; afterMs: number };

/**
 * Runs a probe with a time box: its value, its failure, or `timed-out` after `ms` (the probe is
 * left to finish on its own; its late answer is dropped).
 */
export async function timeBoxed<T>(probe: () => Promise<T>, ms: number): Promise<Probed<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Probed<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'timed-out', afterMs: ms }), ms);
  });
  const run = (async (): Promise<Probed<T>> => {
    try {
      return { state: 'answered', value: await probe() };
    } catch (e) {
      return { state: 'failed', reason: (e as Error)?.message || String(e) };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A service to probe: its name and the base address of its HTTP API (STATUS_SERVICES). */
export interface ServiceTarget {
  name: string;
  url: string;
}

/** Parses `name=url,name=url` (STATUS_SERVICES); throws with a readable sentence on a bad pair. */
export function parseServiceTargets(value: string): ServiceTarget[] {
  const seen = new Set<string>();
  return value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = at > 0 ? pair.slice(0, at).trim() : '';
      const url = at > 0 ? pair.slice(at + 1).trim().replace(/\/+$/, '') : '';
      if (!/^[a-z][a-z0-9-]*$/.test(name) || !/^https?:\/\/[^\s/]+/.test(url)) throw new Error(`"${pair}" is not name=http(s)://host:port`);
      if (seen.has(name)) throw new Error(`${name} is named twice`);
      seen.add(name);
      return { name, url };
    });
}

/** A readiness answer as the platform's /health/ready gives it: {status, checks: {name: {status, detail?}}}. */
export interface ReadinessAnswer {
  httpStatus: number;
  body: unknown;
}

export interface CheckState {
  name: string;
  state: State;
  detail: string | null;
}

export interface ServiceStatus {
  name: string;
  url: string;
  state: State;
  /** The checks the service reports (broker, database, consumers, ...); empty when it gave none. */
  checks: CheckState[];
  /** Why it is down or unknown, in a sentence. */
  detail: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const short = (s: unknown): string | null => (typeof s === 'string' && s.length > 0 ? s.slice(0, 300) : null);

/** A service's state from its probe: ready (200, status up), not ready (503 or any check down), unreachable, or no answer in time. */
export function serviceStatus(target: ServiceTarget, probed: Probed<ReadinessAnswer>): ServiceStatus {
  const base = { name: target.name, url: target.url };
  if (probed.state === 'timed-out') return { ...base, state: 'unknown', checks: [], detail: `no answer within ${probed.afterMs} ms` };
  if (probed.state === 'failed') return { ...base, state: 'down', checks: [], detail: `not reachable: ${probed.reason}` };
  const { httpStatus, body } = probed.value;
  const rawChecks = isRecord(body) && isRecord(body.checks) ? body.checks : {};
  const checks: CheckState[] = Object.entries(rawChecks)
    .map(([name, c]) => ({ name, state: (isRecord(c) && c.status === 'up' ? 'up' : 'down') as State, detail: isRecord(c) ? short(c.detail) : null }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const up = httpStatus === 200 && isRecord(body) && body.status === 'up' && checks.every((c) => c.state === 'up');
  if (up) return { ...base, state: 'up', checks, detail: null };
  const failing = checks.filter((c) => c.state !== 'up').map((c) => c.name);
  return { ...base, state: 'down', checks, detail: failing.length ? `not ready: ${failing.join(', ')}` : `not ready (HTTP ${httpStatus})` };
}

/** One partition's offsets: the group's committed one (null: nothing committed) and the topic's start and end. */
export interface PartitionOffsets {
  partition: number;
  committed: bigint | null;
  start: bigint;
  end: bigint;
}

/**
 * The lag of a group on a topic: per partition the records after its committed offset (all kept
 * records when nothing is committed yet), summed. Never negative (a committed offset past a
 * truncated end counts 0).
 */
export function lagOf(partitions: readonly PartitionOffsets[]): bigint {
  let lag = 0n;
  for (const p of partitions) {
    const from = p.committed === null || p.committed < p.start ? p.start : p.committed;
    if (p.end > from) lag += p.end - from;
  }
  return lag;
}

export interface GroupLag {
  group: string;
  topic: string;
  /** Records not yet processed by the group (a string: offsets are 64-bit); null when unknown. */
  lag: string | null;
  /** The group's state on the broker (Stable, Empty, Dead, ...): Empty with lag is a stopped consumer. */
  groupState: string | null;
  members: number | null;
  state: State;
  detail: string | null;
}

/** A group's status: up while it keeps up (members and lag at most `maxLag`), down when stopped behind, unknown without an answer. */
export function groupLag(g: { group: string; topic: string }, probed: Probed<{ partitions: PartitionOffsets[]; groupState: string; members: number }>, maxLag: bigint): GroupLag {
  if (probed.state === 'timed-out') return { ...g, lag: null, groupState: null, members: null, state: 'unknown', detail: `no answer within ${probed.afterMs} ms` };
  if (probed.state === 'failed') return { ...g, lag: null, groupState: null, members: null, state: 'unknown', detail: short(probed.reason) };
  const lag = lagOf(probed.value.partitions);
  const { groupState, members } = probed.value;
  const stopped = members === 0;
  let state: State = 'up';
  let detail: string | null = null;
  if (lag > maxLag) {
    state = 'down';
    detail = stopped ? `${lag} records waiting; no consumer is running` : `${lag} records waiting`;
  } else if (stopped && lag > 0n) {
    state = 'down';
    detail = `${lag} records waiting; no consumer is running`;
  }
  return { ...g, lag: lag.toString(), groupState, members, state, detail };
}

/** The broker cluster as the admin API describes it. */
export interface BrokerCluster {
  clusterId: string;
  controller: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
}

export interface BrokerStatus {
  state: State;
  clusterId: string | null;
  controller: number | null;
  brokers: { nodeId: number; address: string }[];
  detail: string | null;
}

export function brokerStatus(probed: Probed<BrokerCluster>): BrokerStatus {
  if (probed.state === 'timed-out') return { state: 'unknown', clusterId: null, controller: null, brokers: [], detail: `no answer within ${probed.afterMs} ms` };
  if (probed.state === 'failed') return { state: 'down', clusterId: null, controller: null, brokers: [], detail: short(probed.reason) };
  const c = probed.value;
  const brokers = [...c.brokers].sort((a, b) => a.nodeId - b.nodeId).map((b) => ({ nodeId: b.nodeId, address: `${b.host}:${b.port}` }));
  const ok = brokers.length > 0 && c.controller !== null && c.controller >= 0;
  return { state: ok ? 'up' : 'down', clusterId: c.clusterId, controller: ok ? c.controller : null, brokers, detail: ok ? null : 'no controller' };
}

/** Dead letters counted per consumer group and reason. */
export interface DeadLetterCount {
  group: string;
  reason: string;
  count: number;
  /** Of them, not yet replayed. */
  open: number;
}

export interface DeadLetterStatus {
  state: State;
  total: number;
  open: number;
  byGroupAndReason: DeadLetterCount[];
  detail: string | null;
}

export function deadLetterStatus(probed: Probed<readonly { consumerGroup: string; reason: string; replayedAs: unknown }[]>): DeadLetterStatus {
  if (probed.state !== 'answered') return { state: 'unknown', total: 0, open: 0, byGroupAndReason: [], detail: probed.state === 'timed-out' ? `no answer within ${probed.afterMs} ms` : short(probed.reason) };
  const counts = new Map<string, DeadLetterCount>();
  for (const d of probed.value) {
    const key = `${d.consumerGroup}\u0000${d.reason}`;
    const c = counts.get(key) ?? { group: d.consumerGroup, reason: d.reason, count: 0, open: 0 };
    c.count += 1;
    if (d.replayedAs === null || d.replayedAs === undefined) c.open += 1;
    counts.set(key, c);
  }
  const byGroupAndReason = [...counts.values()].sort((a, b) => a.group.localeCompare(b.group) || a.reason.localeCompare(b.reason));
  const open = byGroupAndReason.reduce((n, c) => n + c.open, 0);
  // Parked records are not an outage: they wait for a fix and a replay, so they show as "down" only while some are open.
  return { state: open > 0 ? 'down' : 'up', total: probed.value.length, open, byGroupAndReason, detail: open > 0 ? `${open} dead letters not replayed` : null };
}

/** A checkpoint as the audit log lists it (GET /audit/checkpoints). */
export interface CheckpointSeen {
  chain: string;
  headSequence: number;
  recordCount: number;
  createdAt: number;
}

export interface ChainCheckpoint extends CheckpointSeen {
  ageSeconds: number;
}

export interface CheckpointStatus {
  state: State;
  chains: ChainCheckpoint[];
  detail: string | null;
}

/**
 * The newest checkpoint per chain, with its age. Age alone says nothing wrong: the audit log signs
 * a checkpoint only for a chain that grew, so a quiet chain keeps an old one (Prometheus's
 * checkpoint-age rule weighs that against the chain's growth). Down is not said here.
 */
export function checkpointStatus(probed: Probed<readonly CheckpointSeen[]>, now: number): CheckpointStatus {
  if (probed.state !== 'answered') return { state: 'unknown', chains: [], detail: probed.state === 'timed-out' ? `no answer within ${probed.afterMs} ms` : short(probed.reason) };
  const newest = new Map<string, CheckpointSeen>();
  for (const c of probed.value) {
    const seen = newest.get(c.chain);
    if (!seen || c.headSequence > seen.headSequence || (c.headSequence === seen.headSequence && c.createdAt > seen.createdAt)) newest.set(c.chain, c);
  }
  const chains = [...newest.values()]
    .map((c) => ({ chain: c.chain, headSequence: c.headSequence, recordCount: c.recordCount, createdAt: c.createdAt, ageSeconds: Math.max(0, Math.floor((now - c.createdAt) / 1000)) }))
    .sort((a, b) => a.chain.localeCompare(b.chain));
  return { state: 'up', chains, detail: chains.length === 0 ? 'no checkpoint yet' : null };
}

export interface SystemStatus {
  /** The worst of the parts: down when any part is down, unknown when any is unknown (and none down), else up. */
  state: State;
  checkedAt: string;
  services: ServiceStatus[];
  broker: BrokerStatus;
  consumerGroups: GroupLag[];
  deadLetters: DeadLetterStatus;
  checkpoints: CheckpointStatus;
}

/** The worst state of the parts. */
export function worstOf(states: readonly State[]): State {
  if (states.includes('down')) return 'down';
  if (states.includes('unknown')) return 'unknown';
  return 'up';
}

export function systemStatus(parts: Omit<SystemStatus, 'state' | 'checkedAt'>, now: number): SystemStatus {
  const state = worstOf([...parts.services.map((s) => s.state), parts.broker.state, ...parts.consumerGroups.map((g) => g.state), parts.deadLetters.state, parts.checkpoints.state]);
  return { state, checkedAt: new Date(now).toISOString(), ...parts };
}
