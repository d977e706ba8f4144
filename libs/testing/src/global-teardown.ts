/** Stops what the global setup started with testcontainers; the local broker stays up for the next run. */
export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __INKIJK_INFRA__?: { stop(): Promise<unknown> }[] }).__INKIJK_INFRA__ ?? [];
  for (const s of started.reverse()) await s.stop();
}
