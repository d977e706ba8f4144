/**
 * The broker refusing a principal (SASL authentication, or an ACL): not a passing fault that a
 * retry mends, but a configuration to fix. Such a refusal is logged once, with the topic and the
 * principal, marks the client refused in health, and is not retried for ever.
 */
import { JsonLogger } from '../logging/json-logger';
import type { KafkaConnectionStatus } from './connection-status';

const REFUSALS = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
]);

/** The Kafka error type of a failure (e.g. TOPIC_AUTHORIZATION_FAILED), looking through kafkajs' wrappers. */
export function kafkaErrorTypeOf(e: unknown): string | undefined {
  for (let x = e as { type?: string; name?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; x && depth < 8; x = (x.cause ?? x.originalError) as typeof x, depth++) {
    if (x.type) return x.type;
    if (x.name === 'KafkaJSSASLAuthenticationError') return 'SASL_AUTHENTICATION_FAILED';
  }
  return undefined;
}

/** The Kafka error type of a refusal; undefined for anything else. */
export function refusalOf(e: unknown): string | undefined {
  const type = kafkaErrorTypeOf(e);
  return type && REFUSALS.has(type) ? type : undefined;
}

/** Reports each refusal once per component and topic: one log line, and health down. */
export class RefusalReporter {
  private readonly seen = new Set<string>();
  private readonly log = new JsonLogger('kafka');

  constructor(private readonly principal: string, private readonly status?: KafkaConnectionStatus) {}

  /** Returns true when `e` is a refusal (reported), false for other errors. */
  report(component: string, action: 'write' | 'read', topics: readonly string[], e: unknown): boolean {
    const type = refusalOf(e);
    if (!type) return false;
    const what = `principal ${this.principal} may not ${action} ${topics.join(', ')} (${type})`;
    this.status?.refuse(component, what);
    const key = `${component} ${action} ${topics.join(',')} ${type}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.log.error(`${what}: the broker's ACLs come from the topic catalogue (contracts/src/catalogue.ts); not retried`, component);
    }
    return true;
  }
}
