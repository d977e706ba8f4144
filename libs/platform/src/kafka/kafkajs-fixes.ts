/**
 * A fix for kafkajs 2.2.4 (its latest release), applied to its RequestQueue class at load.
 *
 * Once a broker connection has had an answer, RequestQueue.scheduleCheckPendingRequests keeps
 * scheduling its next check even when no request waits and the broker does not throttle: the
 * delay is then negative, so every connection runs a 1 ms timer loop for as long as it is open
 * (kafkajs issues #1556 and #1704; the fix proposed in PR #1667 is not released). A service
 * then wakes up about once per millisecond per connection, idle or busy. Measured on the
 * gateway: about 1,000 timers per second, and 4 % of a core while it had nothing to do.
 *
 * The fixed method schedules a check only while requests wait (every 10 ms, as kafkajs does,
 * or when the throttle ends) or while the broker throttles. Requests that wait because too many
 * are in flight are still sent as answers arrive (fulfillRequest checks the queue itself).
 * Applied once and only to 2.2.4; the platform's Kafka tests fail when the loop is back.
 */
interface RequestQueueInternals {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' own interval for re-checking waiting requests (src/network/requestQueue). */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;
const FIXED = Symbol.for('inkijk.kafkajs.requestQueueFixed');

export function fixKafkajsRequestQueue(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('kafkajs/package.json') as { version: string }).version;
  if (version !== '2.2.4') return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals & { [FIXED]?: true } };
  if (RequestQueue.prototype[FIXED]) return true;
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    if (this.throttleCheckTimeoutId) return;
    let scheduleAt = this.throttledUntil - Date.now();
    if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
    else if (scheduleAt <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, scheduleAt);
  };
  RequestQueue.prototype[FIXED] = true;
  return true;
}
