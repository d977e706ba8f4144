/** The types of deploy/kafka/ready.js, the readiness probe shared by the scripts and the tests' harness. */
export interface KafkaProbeOptions {
  brokers: string[];
  /** SASL/SCRAM-SHA-512 as this principal; none: an unauthenticated listener. */
  credentials?: { username: string; password: string };
  /** The CA of the broker's certificate, when the listener uses TLS. */
  caFile?: string;
  /** Brokers that must be registered (default 1). */
  minBrokers?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** One probe: resolves with a description of the cluster once it serves Kafka requests, rejects with why not. */
export function probeKafka(options: KafkaProbeOptions): Promise<string>;
