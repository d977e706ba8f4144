/** Use cases of organisations: register a municipality or the operator (BKWI), list them. */
import { topics } from '@inkijk/contracts';
import { date, IsoDate } from '../domain/dates';
import { refuse } from '../domain/errors';
import { cbsCode, oin } from '../domain/identifiers';
import { requireSecurityOfficer } from './access';
import { ActivityLog, succeeded } from './activity';
import type { Actor, Clock, Ids, MunicipalityRecord, Stores, UnitOfWork } from './ports';

export class Organisations {
  private readonly activity: ActivityLog<Stores>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.activity = new ActivityLog(uow);
  }

  /** Registering an organisation is recorded in its own (new) chain; a refusal in the actor's. */
  private attempt(actor: Actor, id: string | undefined, kind: MunicipalityRecord['kind'], work: () => Promise<MunicipalityRecord>): Promise<MunicipalityRecord> {
    return this.activity.attempt(actor, { action: 'ORGANISATION_REGISTERED', object: { type: 'ORGANISATION', id: id ?? null }, details: { kind } }, null, work);
  }

  registerMunicipality(actor: Actor, input: { cbsCode: string; oin: string; name: string; validFrom: string; id?: string }): Promise<MunicipalityRecord> {
    return this.attempt(actor, input.id, 'MUNICIPALITY', () => {
      requireSecurityOfficer(actor);
      return this.register(actor, {
        id: input.id ?? this.ids.next(),
        kind: 'MUNICIPALITY',
        cbsCode: cbsCode(input.cbsCode),
        oin: oin(input.oin),
        name: input.name.trim() || refuse('INVALID', 'NAME_REQUIRED', 'A municipality needs a name.'),
        validFrom: date(input.validFrom, 'validFrom'),
        validTo: null,
      });
    });
  }

  /**
   * The operator (beheerorganisatie, BKWI): runs Inkijk and homes the security officers. It is no
   * municipality: nobody queries for it, it joins no collaboration, it has no whitelist.
   */
  registerOperator(actor: Actor, input: { oin: string; name: string; validFrom: string; id?: string }): Promise<MunicipalityRecord> {
    return this.attempt(actor, input.id, 'OPERATOR', () => {
      requireSecurityOfficer(actor);
      return this.register(actor, {
        id: input.id ?? this.ids.next(),
        kind: 'OPERATOR',
        cbsCode: null,
        oin: oin(input.oin),
        name: input.name.trim() || refuse('INVALID', 'NAME_REQUIRED', 'The operator needs a name.'),
        validFrom: date(input.validFrom, 'validFrom'),
        validTo: null,
      });
    });
  }

  private async register(actor: Actor, record: MunicipalityRecord): Promise<MunicipalityRecord> {
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
      await s.record(succeeded(actor, record.id, { action: 'ORGANISATION_REGISTERED', object: { type: 'ORGANISATION', id: record.id }, details: { kind: record.kind } }));
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
