import type { ActionRecord, Principal } from '@inkijk/platform';
import { Refusal } from '@inkijk/contracts';
import { auditTrailUnavailable } from '../domain/errors';
import { Downloads } from './downloads';
import type { ActionLog } from './ports';

const HAARLEM = '4f1c2a52-0000-4000-8000-000000000392';
const caller: Principal = { userId: 'gemandateerde-haarlem', homeMunicipalityId: HAARLEM, roles: ['MANDATED_PERSON'], displayName: 'G. Mandaat' };

class Log implements ActionLog {
  readonly recorded: ActionRecord[] = [];
  failing = false;
  async record(a: ActionRecord): Promise<void> {
    if (this.failing) throw auditTrailUnavailable();
    this.recorded.push(a);
  }
}

describe('downloads are actions', () => {
  it('records the document served, with the caller as actor and without the name, before handing it over', async () => {
    const log = new Log();
    const served = await new Downloads(log).serve(caller, { kind: 'generic', organisationId: HAARLEM, month: '2026-11', format: 'csv' }, async () => ({ reportId: `generic/${HAARLEM}/2026-11/v2` }), (r) => r.reportId);
    expect(served.reportId).toBe(`generic/${HAARLEM}/2026-11/v2`);
    expect(log.recorded).toEqual([
      {
        actor: { userId: 'gemandateerde-haarlem', homeOrganisationId: HAARLEM, roles: ['MANDATED_PERSON'] },
        actingForId: HAARLEM,
        action: 'REPORT_DOWNLOADED',
        object: { type: 'REPORT', id: `generic/${HAARLEM}/2026-11/v2` },
        outcome: 'SUCCEEDED',
        details: { kind: 'generic', month: '2026-11', format: 'csv' },
      },
    ]);
    expect(JSON.stringify(log.recorded)).not.toContain('G. Mandaat');
  });

  it('hands over nothing when the download cannot be recorded (fail closed)', async () => {
    const log = new Log();
    log.failing = true;
    const download = new Downloads(log).serve(caller, { kind: 'supplier-feed', supplier: 'BRP', month: '2026-10', format: 'json' }, async () => 'the feed', () => 'supplier/BRP/2026-10/v1');
    await expect(download).rejects.toMatchObject({ kind: 'UNAVAILABLE', code: 'AUDIT_TRAIL_UNAVAILABLE' });
  });

  it('records a refusal best effort, for the organisation asked about, and passes the refusal on', async () => {
    const log = new Log();
    const other = '4f1c2a52-0000-4000-8000-000000000473';
    const refused = new Refusal('FORBIDDEN', 'GENERIC_REPORT_FORBIDDEN', 'no');
    await expect(new Downloads(log).serve(caller, { kind: 'generic', organisationId: other, month: '2026-11', format: 'json' }, () => Promise.reject(refused), () => 'x')).rejects.toBe(refused);
    expect(log.recorded).toEqual([expect.objectContaining({ actingForId: other, outcome: 'REFUSED', reasonCode: 'GENERIC_REPORT_FORBIDDEN', object: { type: 'REPORT', id: `generic/${other}/2026-11` } })]);
    // Bad input is no action on a report: nothing recorded.
    const invalid = new Refusal('INVALID', 'INVALID_VERSION', 'no');
    await expect(new Downloads(log).serve(caller, { kind: 'generic', organisationId: other, month: '2026-11', format: 'json' }, () => Promise.reject(invalid), () => 'x')).rejects.toBe(invalid);
    expect(log.recorded).toHaveLength(1);
  });

  it("records an officer's build once done, for the officer's home organisation", async () => {
    const log = new Log();
    const officer: Principal = { userId: 'officer-1', homeMunicipalityId: '4f1c2a52-0000-4000-8000-0000000b4b01', roles: ['SECURITY_OFFICER'], displayName: 'O' };
    await new Downloads(log).build(officer, '2026-11', async () => ({ reports: 50, created: 3 }));
    expect(log.recorded).toEqual([
      expect.objectContaining({ actingForId: officer.homeMunicipalityId, action: 'OTHER', object: { type: 'REPORT', id: 'build/2026-11' }, outcome: 'SUCCEEDED', details: { kind: 'build', month: '2026-11', reports: 50, created: 3 } }),
    ]);
  });
});
