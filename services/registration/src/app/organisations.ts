/** Use cases of organisations: register a municipality or the operator (BKWI), list them. */
import { topics } from '@inkijk/contracts';
import { date, IsoDate } from '../domain/dates';
import { refuse } from '../domain/errors';
import { cbsCode, oin } from '../domain/identifiers';
import { requireSecurityOfficer } from './access';
import type { Actor, Clock, Ids, MunicipalityRecord, UnitOfWork } from './ports';

export class Organisations {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  async registerMunicipality(actor: Actor, input: { cbsCode: string; oin: string; name: string; validFrom: string; id?: string }): Promise<MunicipalityRecord> {
    requireSecurityOfficer(actor);
    return this.register({
      id: input.id ?? this.ids.next(),
      kind: 'MUNICIPALITY',
      cbsCode: cbsCode(input.cbsCode),
      oin: oin(input.oin),
      name: input.name.trim() || refuse('INVALID', 'NAME_REQUIRED', 'A municipality needs a name.'),
      validFrom: date(input.validFrom, 'validFrom'),
      validTo: null,
    });
  }

  /**
   * The operator (beheerorganisatie, BKWI): runs Inkijk and homes the security officers. It is no
   * municipality: nobody queries for it, it joins no collaboration, it has no whitelist.
   */
  async registerOperator(actor: Actor, input: { oin: string; name: string; validFrom: string; id?: string }): Promise<MunicipalityRecord> {
    requireSecurityOfficer(actor);
    return this.register({
      id: input.id ?? this.ids.next(),
      kind: 'OPERATOR',
      cbsCode: null,
      oin: oin(input.oin),
      name: input.name.trim() || refuse('INVALID', 'NAME_REQUIRED', 'The operator needs a name.'),
      validFrom: date(input.validFrom, 'validFrom'),
      validTo: null,
    });
  }

  private async register(record: MunicipalityRecord): Promise<MunicipalityRecord> {
    await this.uow.run(async (s) => {
      if (await s.organisations.existsWithOinOrCode(record.oin, record.cbsCode)) {
        refuse('CONFLICT', 'ORGANISATION_EXISTS', `An organisation with OIN ${record.oin}${record.cbsCode ? ` or code ${record.cbsCode}` : ''} is already registered.`);
      }
      await s.organisations.create(record);
      await s.announce(topics.organisations, {
        eventId: this.ids.next(),
        occurredAt: this.clock.now().getTime(),
        organisationId: record.id,
        kind: record.kind,
        cbsCode: record.cbsCode,
        oin: record.oin,
        name: record.name,
        validFrom: record.validFrom,
        validTo: null,
      });
    });
    this.afterCommit();
    return record;
  }

  list(): Promise<MunicipalityRecord[]> {
    return this.uow.run((s) => s.organisations.list());
  }

  async byCbsCode(code: string): Promise<MunicipalityRecord | null> {
    return this.uow.run((s) => s.organisations.byCbsCode(code));
  }
}

export type { IsoDate };
