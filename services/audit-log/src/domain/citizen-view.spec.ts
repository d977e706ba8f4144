import { citizenLookup, parseWithholding, splitForCitizen } from './citizen-view';
import { entry } from '../../test/audit-entries';

describe("the citizen's view of a query", () => {
  it('names the organisations, time, legal domain, sources and outcome, and never the worker', () => {
    const e = entry();
    const view = citizenLookup(e);
    expect(view).toEqual({
      at: new Date(e.startTime).toISOString(),
      actingFor: { name: e.actingFor.name, cbsCode: e.actingFor.cbsCode, oin: e.actingFor.oin },
      collaboration: e.collaborationId ? { id: e.collaborationId, carriedOutBy: { name: e.worker.homeMunicipality.name, cbsCode: e.worker.homeMunicipality.cbsCode, oin: e.worker.homeMunicipality.oin } } : null,
      legalDomain: e.legalDomain,
      product: e.product,
      sources: e.sources.map((s) => ({ supplier: s.supplier, outcome: s.outcome })),
      outcome: e.outcome,
    });
    const text = JSON.stringify(view);
    for (const secret of [e.worker.userId, e.traceId, e.eventId, e.decision.decisionId]) expect(text).not.toContain(secret);
  });
});

describe('withholding queries under a confidential processing activity', () => {
  const DAY = 24 * 3600 * 1000;
  const now = Date.UTC(2026, 11, 6, 12);
  const at = (daysAgo: number, activity: string) => ({ processingActivityId: activity, startTime: now - daysAgo * DAY });

  it('reads activityId=days pairs and refuses anything else', () => {
    expect(parseWithholding('inkijk-fraude-onderzoek=180, x=1')).toEqual(new Map([['inkijk-fraude-onderzoek', 180 * DAY], ['x', DAY]]));
    expect(parseWithholding(undefined).size).toBe(0);
    expect(() => parseWithholding('fraude')).toThrow('"fraude" is not activityId=days');
    expect(() => parseWithholding('fraude=-1')).toThrow();
  });

  it('withholds a confidential query until its period has passed, and nothing else', () => {
    const w = parseWithholding('fraude=30');
    const entries = [at(1, 'gewoon'), at(1, 'fraude'), at(29, 'fraude'), at(30, 'fraude'), at(400, 'gewoon')];
    const { shown, withheld } = splitForCitizen(entries, w, now);
    expect(withheld).toBe(2);
    expect(shown).toEqual([entries[0], entries[3], entries[4]]);
  });
});
