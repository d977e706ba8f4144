/** What every page needs: the user as the header shows them, organisation and product names. */
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, AuditLog, DirectoryUser, Gateway, GATEWAY, Organisation, REGISTRATION, Registration, REPORTING, Reporting } from '../../app/ports';
import type { ViewUser } from '../../views/layout';
import type { Session } from './session';

/** Registration's directory answers at most this many ids per call. */
export const DIRECTORY_MAX = 200;
const ACCOUNT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PageSupport {
  constructor(
    @Inject(GATEWAY) readonly gateway: Gateway,
    @Inject(REGISTRATION) readonly registration: Registration,
    @Inject(AUDIT_LOG) readonly auditLog: AuditLog,
    @Inject(REPORTING) readonly reporting: Reporting,
  ) {}

  async organisations(s: Session): Promise<Organisation[]> {
    const a = await this.registration.organisations(s.token);
    return a.ok ? [...a.body].sort((x, y) => x.name.localeCompare(y.name, 'nl')) : [];
  }

  /**
   * The municipalities, for lists to choose from (audit log, reports, members): not the operator
   * (BKWI), which homes the security officers but is no customer, member or municipality acted for.
   */
  async municipalities(s: Session): Promise<Organisation[]> {
    return (await this.organisations(s)).filter((o) => o.kind === undefined || o.kind === 'MUNICIPALITY');
  }

  /** id -> name, falling back to the id. */
  async names(s: Session): Promise<(id: string) => string> {
    const orgs = await this.organisations(s);
    const byId = new Map(orgs.map((o) => [o.id, o.name]));
    return (id: string) => byId.get(id) ?? id;
  }

  async user(s: Session, homeName?: string): Promise<ViewUser> {
    const name = homeName ?? (await this.names(s))(s.principal.homeMunicipalityId);
    return { displayName: s.principal.displayName, roles: s.principal.roles, homeMunicipalityName: name, csrf: s.csrf };
  }

  /**
   * Names and roles of the accounts a page names, in one directory call (at most 200 ids; the
   * rest, and every id when the call fails, are shown as the id: a page never fails for it).
   */
  async people(s: Session, ids: readonly string[]): Promise<ReadonlyMap<string, DirectoryUser>> {
    // Accounts are UUIDs: anything else (an id from before, a test fixture) is shown as it is.
    const unique = [...new Set(ids.filter((id) => ACCOUNT_ID.test(id)))].slice(0, DIRECTORY_MAX);
    if (unique.length === 0) return new Map();
    const a = await this.registration.directory(s.token, unique);
    if (!a.ok || !Array.isArray(a.body?.users)) return new Map();
    return new Map(a.body.users.filter((u) => u && typeof u.userId === 'string' && typeof u.displayName === 'string').map((u) => [u.userId, u]));
  }

  async productNames(s: Session): Promise<Record<string, string>> {
    const a = await this.gateway.products(s.token);
    return a.ok ? Object.fromEntries(a.body.map((p) => [p.id, p.name])) : {};
  }

  async escapeLabels(s: Session): Promise<Record<string, string>> {
    const a = await this.gateway.escapeReasons(s.token);
    return a.ok ? Object.fromEntries(a.body.map((r) => [r.code, r.label])) : {};
  }
}
