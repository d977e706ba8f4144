/**
 * Dead letters: list them, replay them after the cause is fixed (docs/operations/dead-letters.md).
 * Runs as the operator (the `admin` principal): only the origin topic's producer may write it otherwise.
 *   npm run dead-letters -- list [--group G] [--topic T] [--reason R] [--json]
 *   npm run dead-letters -- replay --group G --topic T --by NAME [--id ID ...] [--reason R] [--operator-org UUID] [--force] [--dry-run]
 * Broker: KAFKA_BROKERS (default 127.0.0.1:9092); the operator's password from KAFKA_ADMIN_PASSWORD,
 * else KAFKA_CREDENTIALS_FILE or <KAFKA_DATA_DIR>/credentials.json; TLS with KAFKA_TLS=true
 * (the CA in KAFKA_TLS_CA_FILE or <KAFKA_DATA_DIR>/tls/ca.pem).
 * Exit 0: done (something replayed); 3: nothing replayed; 2: usage or refusal; 1: failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogue, OPERATOR_PRINCIPAL } from '@inkijk/contracts';
import { createKafka, redactBsn } from '@inkijk/platform';
import { deadLetterView, findOperatorOrganisation, listDeadLetters, ParkedRecord, replayDeadLetters, ReplayRefused } from '@inkijk/platform/kafka/dead-letter-replay';

const USAGE = `usage:
  npm run dead-letters -- list [--group G] [--topic T] [--reason R] [--json]
  npm run dead-letters -- replay --group G --topic T --by NAME [--id ID ...] [--reason R] [--operator-org UUID] [--force] [--dry-run]`;

class UsageError extends Error {}

interface Args {
  command: string;
  values: Map<string, string[]>;
  flags: Set<string>;
}

const VALUED = new Set(['group', 'topic', 'reason', 'id', 'by', 'operator-org']);
const FLAGS = new Set(['json', 'force', 'dry-run']);

function parse(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'list' && command !== 'replay') throw new UsageError(command ? `unknown command ${command}` : 'no command');
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i].replace(/^--/, '');
    if (!rest[i].startsWith('--') || (!VALUED.has(name) && !FLAGS.has(name))) throw new UsageError(`unknown option ${rest[i]}`);
    if (FLAGS.has(name)) {
      flags.add(name);
      continue;
    }
    const value = rest[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { command, values, flags };
}

const one = (a: Args, name: string): string | undefined => a.values.get(name)?.at(-1);

function operatorKafka() {
  const dataDir = process.env.KAFKA_DATA_DIR ?? path.resolve(__dirname, '../.data/kafka');
  const file = process.env.KAFKA_CREDENTIALS_FILE ?? path.join(dataDir, 'credentials.json');
  const password = process.env.KAFKA_ADMIN_PASSWORD || (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>)[OPERATOR_PRINCIPAL] : undefined);
  if (!password) throw new UsageError(`no password of the operator (${OPERATOR_PRINCIPAL}): set KAFKA_ADMIN_PASSWORD or KAFKA_CREDENTIALS_FILE (looked in ${file})`);
  const ca = process.env.KAFKA_TLS_CA_FILE ?? path.join(dataDir, 'tls', 'ca.pem');
  return createKafka({
    clientId: 'inkijk-operations-dead-letters',
    brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    credentials: { username: OPERATOR_PRINCIPAL, password, tlsCaFile: process.env.KAFKA_TLS === 'true' && fs.existsSync(ca) ? ca : undefined },
  });
}

function line(r: ParkedRecord): string {
  const d = r.letter;
  const replayed = r.replayedAs === undefined ? 'origin-topic-gone' : r.replayedAs === null ? 'no' : `replayed@${r.replayedAs.offset}`;
  return [d.deadLetterId, new Date(d.parkedAt).toISOString(), d.consumerGroup, `${d.originTopic}[${d.originPartition}]@${d.originOffset}`, d.reason, replayed, redactBsn(d.error).replace(/\s+/g, ' ')].join('\t');
}

/** The fields of a dead letter for --json; never the record's key or value (they may hold a BSN). */
const json = (r: ParkedRecord): string => JSON.stringify(deadLetterView(r));

async function main(argv: string[]): Promise<number> {
  const a = parse(argv);
  const kafka = operatorKafka();
  if (a.command === 'list') {
    const records = await listDeadLetters(kafka, { group: one(a, 'group'), topic: one(a, 'topic'), reason: one(a, 'reason') });
    if (a.flags.has('json')) for (const r of records) console.log(json(r));
    else {
      console.log(['deadLetterId', 'parkedAt', 'group', 'origin', 'reason', 'replayed', 'error'].join('\t'));
      for (const r of records) console.log(line(r));
      console.error(`${records.length} dead letter(s)`);
    }
    return 0;
  }

  const group = one(a, 'group');
  const topicName = one(a, 'topic');
  const by = one(a, 'by');
  if (!group || !topicName || !by) throw new UsageError('replay needs --group, --topic and --by (the operator replaying, recorded in the audit log)');
  const topic = catalogue.find((t) => t.name === topicName);
  if (!topic) throw new UsageError(`${topicName} is no topic of the catalogue`);
  const organisationId = one(a, 'operator-org') ?? process.env.OPERATOR_ORGANISATION_ID ?? (await findOperatorOrganisation(kafka));
  if (!organisationId) throw new UsageError('the operator organisation is not known: registration has published no (single) OPERATOR organisation; give --operator-org or OPERATOR_ORGANISATION_ID');
  const result = await replayDeadLetters(kafka, {
    topic, group, ids: a.values.get('id'), reason: one(a, 'reason'),
    operator: { name: by, organisationId }, force: a.flags.has('force'), dryRun: a.flags.has('dry-run'),
  });
  const dry = a.flags.has('dry-run') ? ' (dry run: nothing published)' : '';
  for (const r of result.replayed) console.log(`replayed\t${r.deadLetterId}\t${r.origin}${r.offset ? `\tas offset ${r.offset}` : ''}`);
  for (const r of result.alreadyReplayed) console.log(`already\t${r.deadLetterId}\treplayed before as offset ${r.replayOffset}: not again`);
  for (const r of result.skipped) console.log(`skipped\t${r.deadLetterId}\t${r.why}`);
  console.error(`run ${result.runId}: ${result.replayed.length} replayed${dry}, ${result.alreadyReplayed.length} replayed before, ${result.skipped.length} skipped${result.activity ? `; recorded as activity ${result.activity.eventId}` : ''}`);
  return result.replayed.length > 0 ? 0 : 3;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError || e instanceof ReplayRefused) {
      console.error(`[dead-letters] ${e.message}`);
      if (e instanceof UsageError) console.error(USAGE);
      process.exit(2);
    }
    console.error(`[dead-letters] failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
