/**
 * The gateway's clients answer with the data subject's pseudonym as the decision record carries
 * it, in-process and over Kafka alike, so the gateway never pseudonymises a decided BSN again.
 */
import { pseudonymise } from '@inkijk/platform';
import type { authorization } from '@inkijk/contracts';
import type { AccessEvaluationRequest } from '../domain/access';
import { ReadModel } from '../domain/read-model';
import { BSN, exampleWorld, M } from '../testing/example-world';
import { InProcessAuthorization, KafkaAuthorization } from './clients';
import type { EvaluatedAccess } from '../app/evaluation';

const KEY = Buffer.alloc(32, 3);
const AT = Date.UTC(2026, 2, 10, 11);
const ask = (bsn: string | null): AccessEvaluationRequest => ({
  subject: { type: 'user', id: 'haarlem-worker', properties: { homeMunicipalityId: M.HAARLEM } },
  action: { name: 'brp-persoon' },
  resource: { type: 'person', id: bsn },
  context: { actingForMunicipalityId: M.ZANDVOORT, legalDomain: 'PARTICIPATIEWET' },
});

describe("the gateway's authorization clients", () => {
  it('in-process: the pseudonym of the decision record comes back with the decision', async () => {
    const model = new ReadModel();
    for (const e of exampleWorld().events) model.apply(e);
    const records: authorization.AccessDecisionRecord[] = [];
    const sender = { send: async (_topic: unknown, r: authorization.AccessDecisionRecord) => void records.push(r) };
    const local = new InProcessAuthorization({ model, feeder: { isReady: () => true, offsets: () => ({}) }, sender: sender as never, pseudonymKey: KEY });
    const decided = await local.evaluate(ask(BSN.ZANDVOORT_CLIENT), { at: AT });
    expect(decided.dataSubjectPseudonym).toBe(pseudonymise(BSN.ZANDVOORT_CLIENT, KEY));
    expect(records[0].resource.dataSubjectPseudonym).toBe(decided.dataSubjectPseudonym);
    expect((await local.evaluate(ask(null), { at: AT })).dataSubjectPseudonym).toBeNull();
  });

  it('over Kafka: the reply as it came, with the pseudonym under the shared key', async () => {
    const reply: EvaluatedAccess = {
      decision: true,
      context: { decisionId: 'd-1', reason_code: null, reason_user: null, reason_admin: null, escape: false, collaborationId: null, rulesVersion: 'authorization-rules/1', whitelist: 'ON_WHITELIST', actingFor: null },
    };
    const remote = new KafkaAuthorization({ evaluate: async () => reply }, KEY);
    expect(await remote.evaluate(ask(BSN.ZANDVOORT_CLIENT))).toEqual({ ...reply, dataSubjectPseudonym: pseudonymise(BSN.ZANDVOORT_CLIENT, KEY) });
    expect((await remote.evaluate(ask(null))).dataSubjectPseudonym).toBeNull();
  });
});
