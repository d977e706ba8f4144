import { Refusal } from '@inkijk/contracts';
import { ActionRecord, DurableSendError, toErrorResponse } from '@inkijk/platform';
import { entry } from '../../test/audit-entries';
import { AuditQueries, AuditRead } from './audit-queries';
import type { AuditRepository } from './ports';

const HAARLEM = '4f1c2a52-0000-4000-8000-000000000392';
const OPERATOR = '4f1c2a52-0000-4000-8000-0000000b4b41';
const officer = { userId: 'so-1', homeMunicipalityId: OPERATOR, roles: ['SECURITY_OFFICER'] };

function queries(record: (a: ActionRecord) => Promise<unknown>) {
  return new AuditQueries({} as AuditRepository, Buffer.alloc(32, 7), record);
}

/** What the caller is answered for a failed call: the status and code the platform's error filter gives it. */
async function answerOf(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await call;
  } catch (e) {
    const { status, body } = toErrorResponse(e);
    return { status, code: body.code };
  }
  throw new Error('the call was answered, not refused');
}

describe('every read of the audit log is recorded before its answer', () => {
  const read = (over: Partial<AuditRead> = {}): AuditRead => ({ action: 'AUDIT_SEARCHED', municipalityId: HAARLEM, details: { query: 'BY_MUNICIPALITY' }, ...over });

  it('records a search as SUCCEEDED, for the municipality read, with the caller as actor, then answers', async () => {
    const sent: ActionRecord[] = [];
    const answer = await queries(async (a) => sent.push(a)).recorded(officer, read(), async (r) => {
      r.details.records = '2';
      return { records: ['a', 'b'] };
    });
    expect(answer).toEqual({ records: ['a', 'b'] });
    expect(sent).toEqual([
      {
        actor: { userId: 'so-1', homeOrganisationId: OPERATOR, roles: ['SECURITY_OFFICER'] },
        actingForId: HAARLEM,
        action: 'AUDIT_SEARCHED',
        object: { type: 'AUDIT_LOG', id: HAARLEM },
        outcome: 'SUCCEEDED',
        reasonCode: null,
        subjectPseudonym: null,
        details: { query: 'BY_MUNICIPALITY', records: '2' },
      },
    ]);
  });

  it('answers 503 AUDIT_TRAIL_UNAVAILABLE, without the result, when the record is not acknowledged', async () => {
    const q = queries(async () => {
      throw new DurableSendError('no acknowledgement from Kafka within 5000 ms');
    });
    expect(await answerOf(q.recorded(officer, read(), async () => ({ records: ['secret'] })))).toMatchObject({ status: 503, code: 'AUDIT_TRAIL_UNAVAILABLE' });
  });

  it('records a refusal as REFUSED with its code, in the chain of the municipality asked for, and answers the refusal even when that record fails', async () => {
    const sent: ActionRecord[] = [];
    const refuse = async () => {
      throw new Refusal('FORBIDDEN', 'OTHER_MUNICIPALITY', 'no');
    };
    expect(await answerOf(queries(async (a) => sent.push(a)).recorded(officer, read(), refuse))).toMatchObject({ status: 403, code: 'OTHER_MUNICIPALITY' });
    expect(sent[0]).toMatchObject({ outcome: 'REFUSED', reasonCode: 'OTHER_MUNICIPALITY', actingForId: HAARLEM });
    const failing = queries(async () => {
      throw new DurableSendError('down');
    });
    expect(await answerOf(failing.recorded(officer, read(), refuse))).toMatchObject({ status: 403 });
  });

  it('acts for the caller\'s home when no municipality (or no id) was asked for', async () => {
    const sent: ActionRecord[] = [];
    await queries(async (a) => sent.push(a)).recorded(officer, read({ municipalityId: 'not-an-id', objectId: 'user-7' }), async () => 1);
    expect(sent[0]).toMatchObject({ actingForId: OPERATOR, object: { type: 'AUDIT_LOG', id: 'user-7' } });
  });

  it('pseudonymises a BSN for the record of a data-subject search, and nothing else', () => {
    const q = queries(async () => undefined);
    expect(q.pseudonymOf('123456782')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.pseudonymOf('123456789')).toBeNull();
  });
});

describe("a citizen's look at the queries about them", () => {
  const DAY = 24 * 3600 * 1000;
  const now = Date.UTC(2026, 11, 6, 12);
  const pseudonym = 'ab'.repeat(32);
  const stored = [
    { ...entry({ occurredAt: now - 40 * DAY }), processingActivityId: 'inkijk-fraude-onderzoek' },
    { ...entry({ occurredAt: now - 2 * DAY }), processingActivityId: 'inkijk-fraude-onderzoek' },
    entry({ occurredAt: now - DAY }),
  ].map((e, i) => ({ ...e, kind: 'QUERY', id: String(i + 1) }));
  const store = { search: async () => stored } as unknown as AuditRepository;
  const citizenQueries = (record: (a: ActionRecord) => Promise<unknown>) =>
    new AuditQueries(store, Buffer.alloc(32, 7), record, () => null, new Map([['inkijk-fraude-onderzoek', 30 * DAY]]), () => now);

  it('shows what may be shown, and records the look with the number withheld, the citizen as actor', async () => {
    const sent: ActionRecord[] = [];
    const answer = await citizenQueries(async (a) => sent.push(a)).citizenView(pseudonym, { period: { from: null, to: null } });
    expect(answer.lookups.map((l) => l.at)).toEqual([new Date(stored[0].startTime).toISOString(), new Date(stored[2].startTime).toISOString()]);
    expect(JSON.stringify(answer)).not.toMatch(/withheld|fraude/);
    expect(sent).toEqual([
      {
        actor: { userId: `citizen:${pseudonym}`, homeOrganisationId: null, roles: ['CITIZEN'] },
        actingForId: 'c1712e00-0000-4000-8000-000000000021',
        action: 'AUDIT_SUBJECT_SEARCHED',
        object: { type: 'AUDIT_LOG', id: null },
        outcome: 'SUCCEEDED',
        subjectPseudonym: pseudonym,
        details: { query: 'CITIZEN_VIEW', records: '2', withheld: '1' },
      },
    ]);
  });

  it('answers 503 AUDIT_TRAIL_UNAVAILABLE, without the queries, when the look cannot be recorded', async () => {
    const q = citizenQueries(async () => {
      throw new DurableSendError('down');
    });
    expect(await answerOf(q.citizenView(pseudonym, { period: { from: null, to: null } }))).toMatchObject({ status: 503, code: 'AUDIT_TRAIL_UNAVAILABLE' });
  });
});
