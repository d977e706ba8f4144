#!/usr/bin/env node
/* Readiness probe for the local Kafka broker: the project's one, run by deploy/kafka/wait.sh
 * (plain node, before the TypeScript toolchain is there) and required by the tests' harness
 * (libs/testing/src/infra.ts, through probeKafka).
 *
 * Succeeds once a kafkajs admin client can describe the cluster (at least one broker
 * registered) and list topics, i.e. the broker really serves Kafka protocol requests.
 *
 * Environment (when run as a program):
 *   KAFKA_BROKERS        comma-separated bootstrap list (default 127.0.0.1:9092)
 *   KAFKA_READY_TIMEOUT  seconds to keep trying (default 60)
 *   KAFKA_WAIT_PID       optional broker pid: give up at once when that process exits
 *   KAFKA_CREDENTIALS_FILE  the data dir's credentials.json: the probe authenticates as the operator
 *   KAFKA_TLS_CA_FILE    the CA of the broker's certificate (when the listener uses TLS)
 *   KAFKA_READY_MIN_BROKERS  brokers that must be registered and unfenced (default 1;
 *                        cluster.sh waits for all 3 before it provisions with replication factor 3)
 *
 * Exit codes: 0 ready, 1 timeout, 2 broker process exited, 4 bad usage.
 * If kafkajs cannot be loaded (node_modules not installed), it falls back to a raw
 * ApiVersions request over TCP, which proves the same thing without a client library.
 */
'use strict';

const net = require('net');

let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch {
  kafkajs = undefined;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  try {
    // a crashed broker may linger as a zombie until its parent reaps it
    const stat = require('fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * One attempt with kafkajs: resolves with a description of the cluster, rejects with why it is
 * not ready. credentials: { username, password } (SASL/SCRAM-SHA-512) or undefined; caFile: the
 * CA of a TLS listener or undefined.
 */
async function probeWithKafkajs({ brokers, credentials, caFile, minBrokers = 1, connectionTimeoutMs = 1000, requestTimeoutMs = 5000 }) {
  const { Kafka, logLevel } = kafkajs;
  const kafka = new Kafka({
    ...(credentials ? { sasl: { mechanism: 'scram-sha-512', ...credentials } } : {}),
    ...(caFile ? { ssl: { ca: [require('fs').readFileSync(caFile, 'utf8')] } } : {}),
    clientId: 'inkijk-kafka-ready',
    brokers,
    connectionTimeout: connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) {
      throw new Error('no broker registered yet');
    }
    if (cluster.brokers.length < minBrokers) {
      throw new Error(`${cluster.brokers.length} of ${minBrokers} brokers registered`);
    }
    const topics = await admin.listTopics();
    const list = cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ');
    return `cluster ${cluster.clusterId}, controller ${cluster.controller}, brokers [${list}], ${topics.length} topic(s)`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/* Kafka ApiVersions v0 (api key 18) request; answers with error code 0 once the broker serves requests. */
function probeRaw(hostPort) {
  const idx = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, idx);
  const port = Number(hostPort.slice(idx + 1));
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('inkijk-kafka-ready');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
    body.writeInt16BE(18, 0); // api key ApiVersions
    body.writeInt16BE(0, 2); // api version 0
    body.writeInt32BE(4242, 4); // correlation id
    body.writeInt16BE(clientId.length, 8);
    clientId.copy(body, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length, 0);

    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    socket.setTimeout(3000, () => socket.destroy(new Error('no answer to ApiVersions')));
    socket.on('connect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const correlation = buf.readInt32BE(4);
        const errorCode = buf.readInt16BE(8);
        socket.destroy();
        if (correlation !== 4242) reject(new Error('unexpected correlation id'));
        else if (errorCode !== 0) reject(new Error(`ApiVersions error code ${errorCode}`));
        else resolve(`ApiVersions answered by ${hostPort} (kafkajs not installed, raw probe)`);
      }
    });
    socket.on('error', reject);
  });
}

/**
 * One readiness probe of the brokers (options as probeWithKafkajs); without kafkajs installed, a
 * raw ApiVersions request to the first broker.
 */
function probeKafka(options) {
  return kafkajs ? probeWithKafkajs(options) : probeRaw(options.brokers[0]);
}

/** The operator's credentials from the data dir's credentials.json, or undefined when absent. */
function operatorCredentials(file) {
  const fs = require('fs');
  const password = file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).admin : undefined;
  return password ? { username: 'admin', password } : undefined;
}

async function main() {
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const timeoutSec = Number(process.env.KAFKA_READY_TIMEOUT || '60');
  const waitPid = process.env.KAFKA_WAIT_PID ? Number(process.env.KAFKA_WAIT_PID) : undefined;
  const minBrokers = Number(process.env.KAFKA_READY_MIN_BROKERS || '1');
  if (!brokers.length || !Number.isFinite(timeoutSec) || timeoutSec <= 0 || !Number.isInteger(minBrokers) || minBrokers < 1) {
    console.error('[kafka] ready.js: need KAFKA_BROKERS, a positive KAFKA_READY_TIMEOUT and a positive KAFKA_READY_MIN_BROKERS');
    process.exit(4);
  }
  const credentials = operatorCredentials(process.env.KAFKA_CREDENTIALS_FILE);
  const caFile = process.env.KAFKA_TLS_CA_FILE || undefined;

  const started = Date.now();
  const deadline = started + timeoutSec * 1000;
  let lastError = 'no attempt made';
  let attempts = 0;
  while (Date.now() < deadline) {
    if (waitPid !== undefined && !pidAlive(waitPid)) {
      console.error(`[kafka] broker process ${waitPid} exited while waiting for it to become ready`);
      process.exit(2);
    }
    attempts += 1;
    try {
      const remaining = Math.max(500, deadline - Date.now());
      const info = await withTimeout(probeKafka({ brokers, credentials, caFile, minBrokers }), Math.min(10000, remaining), 'readiness probe');
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`[kafka] ready at ${brokers.join(',')} after ${secs}s: ${info}`);
      process.exit(0);
    } catch (e) {
      lastError = (e && (e.message || String(e))) || 'unknown error';
    }
    await sleep(500);
  }
  console.error(
    `[kafka] broker at ${brokers.join(',')} not ready after ${timeoutSec}s (${attempts} attempts); last error: ${lastError}`,
  );
  process.exit(1);
}

module.exports = { probeKafka };

if (require.main === module) {
  main().catch((e) => {
    console.error(`[kafka] ready.js failed: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
}
