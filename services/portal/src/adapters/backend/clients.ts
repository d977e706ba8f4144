/**
 * HTTP clients of the other services. Every call carries the user's own bearer token (the
 * portal has no token of its own), a timeout, and turns any outcome into an Answer: the
 * service's body, its `{code, message}` refusal, or SERVICE_UNAVAILABLE when it could not be
 * reached. Identifiers go into paths percent-encoded; BSNs only ever travel in POST bodies.
 */
import type { GatewayQueryAnswer, GatewayQueryRequest } from '@inkijk/contracts';
import type { Answer, AuditFilter, AuditLog, AuditPage, DirectoryUser, CollaborationDetail, CollaborationOnDay, CollaborationSummary, Download, Enrolment, EnrolmentRequired, EscapeReason, Failure, GenericReport, Gateway, KeuzelijstEntry, MisuseSignal, LoginAnswer, LoginSecurity, Organisation, PendingApplication, PendingGrant, Product, Registration, Reporting, SpecificReport, SystemStatus, Operations, VerificationReport } from '../../app/ports';
import { path } from '../../domain/html';

const NAMES: Record<string, string> = { gateway: 'de Inkijk-gateway', registration: 'de registratie', 'audit-log': 'het auditlog', reporting: 'de rapportagedienst', operations: 'de beheerdienst' };

/**
 * A service answered 401 TOKEN_REVOKED: the account was deactivated or changed, or the session
 * signed out (ADR 0017). The session ends: the pages filter clears the cookie and sends the
 * browser to the login page.
 */
export class SessionRevoked extends Error {
  constructor(readonly service: string) {
    super(`${service} refused the session's token (TOKEN_REVOKED)`);
    this.name = 'SessionRevoked';
  }
}

export class ServiceClient {
  constructor(
    readonly service: string,
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    /** Told of a token a service refused as revoked (the portal stops accepting it). */
    private readonly onRevoked: (token: string) => void = () => undefined,
  ) {}

  /** A refusal as revoked ends the session: thrown, not answered, so that no page renders it. */
  private endIfRevoked(f: Failure, token: string | null): Failure {
    if (f.status === 401 && f.code === 'TOKEN_REVOKED' && token) {
      this.onRevoked(token);
      throw new SessionRevoked(this.service);
    }
    return f;
  }

  private unavailable(): Failure {
    return { ok: false, status: 503, code: 'SERVICE_UNAVAILABLE', message: `${NAMES[this.service] ?? this.service} is nu niet bereikbaar. Probeer het over een moment opnieuw.` };
  }

  private async send(method: string, route: string, token: string | null, body?: unknown, accept = 'application/json', extra: Record<string, string> = {}): Promise<Response | Failure> {
    try {
      return await fetch(`${this.baseUrl}${route}`, {
        method,
        headers: {
          ...extra,
          accept,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch {
      return this.unavailable();
    }
  }

  private async failure(res: Response): Promise<Failure> {
    const text = await res.text().catch(() => '');
    try {
      const j = JSON.parse(text) as { code?: unknown; message?: unknown; details?: unknown };
      return { ok: false, status: res.status, code: String(j.code ?? `HTTP_${res.status}`), message: String(j.message ?? ''), details: j.details };
    } catch {
      return res.status >= 500 ? this.unavailable() : { ok: false, status: res.status, code: `HTTP_${res.status}`, message: '' };
    }
  }

  /** `extra`: further request headers (the browser's address for a login). */
  async json<T>(method: string, route: string, token: string | null, body?: unknown, extra?: Record<string, string>): Promise<Answer<T>> {
    const r = await this.send(method, route, token, body, 'application/json', extra);
    if (!(r instanceof Response)) return r;
    if (!r.ok) return this.endIfRevoked(await this.failure(r), token);
    try {
      return { ok: true, status: r.status, body: (await r.json()) as T };
    } catch {
      return this.unavailable();
    }
  }

  async download(route: string, token: string, accept: string): Promise<Answer<Download>> {
    const r = await this.send('GET', route, token, undefined, accept);
    if (!(r instanceof Response)) return r;
    if (!r.ok) return this.endIfRevoked(await this.failure(r), token);
    return { ok: true, status: r.status, body: { contentType: r.headers.get('content-type') ?? 'application/octet-stream', disposition: r.headers.get('content-disposition'), body: Buffer.from(await r.arrayBuffer()) } };
  }
}

/** Reference data (products, escape list) is the same for everyone: kept for a few minutes. */
class Cached<T> {
  private value: { at: number; answer: Answer<T> } | null = null;
  constructor(private readonly ttlMs: number) {}
  async get(load: () => Promise<Answer<T>>): Promise<Answer<T>> {
    if (this.value && Date.now() - this.value.at < this.ttlMs) return this.value.answer;
    const answer = await load();
    if (answer.ok) this.value = { at: Date.now(), answer };
    return answer;
  }
}

export class GatewayClient implements Gateway {
  private readonly productCache = new Cached<Product[]>(300_000);
  private readonly reasonCache = new Cached<EscapeReason[]>(300_000);
  constructor(private readonly http: ServiceClient) {}
  keuzelijst(token: string) {
    return this.http.json<KeuzelijstEntry[]>('GET', '/keuzelijst', token);
  }
  products(token: string) {
    return this.productCache.get(() => this.http.json<Product[]>('GET', '/products', token));
  }
  escapeReasons(token: string) {
    return this.reasonCache.get(() => this.http.json<EscapeReason[]>('GET', '/escape-reasons', token));
  }
  query(token: string, body: GatewayQueryRequest) {
    return this.http.json<GatewayQueryAnswer>('POST', '/queries', token, body);
  }
}

export class RegistrationClient implements Registration {
  private readonly orgCache = new Cached<Organisation[]>(60_000);
  constructor(private readonly http: ServiceClient) {}
  /** The browser's address travels as X-Forwarded-For, which registration believes from the portal only (a trusted proxy). */
  login(username: string, password: string, code: string | null, sourceAddress: string) {
    return this.http.json<LoginAnswer | EnrolmentRequired>('POST', '/auth/login', null, { username, password, ...(code ? { code } : {}) }, { 'x-forwarded-for': sourceAddress });
  }
  startEnrolment(token: string) {
    return this.http.json<Enrolment>('POST', '/auth/second-factor/enrolment', token, {});
  }
  confirmEnrolment(token: string, code: string, sourceAddress: string) {
    return this.http.json<LoginAnswer>('POST', '/auth/second-factor/enrolment/confirmation', token, { code }, { 'x-forwarded-for': sourceAddress });
  }
  loginSecurity(token: string) {
    return this.http.json<LoginSecurity>('GET', '/me/login-security', token);
  }
  logout(token: string) {
    return this.http.json('POST', '/auth/logout', token, {});
  }
  organisations(token: string) {
    return this.orgCache.get(() => this.http.json<Organisation[]>('GET', '/organisations', token));
  }
  pendingApplications(token: string) {
    return this.http.json<PendingApplication[]>('GET', '/applications/pending', token);
  }
  collaborations(token: string) {
    return this.http.json<CollaborationSummary[]>('GET', '/collaborations', token);
  }
  collaboration(token: string, id: string) {
    return this.http.json<CollaborationDetail>('GET', path`/collaborations/${id}`, token);
  }
  collaborationOn(token: string, id: string, day: string, knownOn?: string) {
    const query = new URLSearchParams({ asOf: day, ...(knownOn ? { knownAt: knownOn } : {}) });
    return this.http.json<CollaborationOnDay>('GET', `${path`/collaborations/${id}`}?${query}`, token);
  }
  decide(token: string, collaborationId: string, applicationId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null) {
    return this.http.json('POST', path`/collaborations/${collaborationId}/applications/${applicationId}/decision`, token, { decision, reason });
  }
  pendingGrants(token: string) {
    return this.http.json<PendingGrant[]>('GET', '/users/grants/pending', token);
  }
  decideGrant(token: string, userId: string, grantId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null) {
    return decision === 'APPROVED'
      ? this.http.json('POST', path`/users/${userId}/grants/${grantId}/approval`, token, {})
      : this.http.json('POST', path`/users/${userId}/grants/${grantId}/rejection`, token, { reason });
  }
  directory(token: string, userIds: string[]) {
    return this.http.json<{ users: DirectoryUser[] }>('POST', '/users/directory', token, { userIds });
  }
  activate(token: string, collaborationId: string, effectiveFrom: string) {
    return this.http.json('POST', path`/collaborations/${collaborationId}/activation`, token, { effectiveFrom });
  }
  addMember(token: string, collaborationId: string, municipalityId: string, effectiveFrom: string) {
    return this.http.json('POST', path`/collaborations/${collaborationId}/members`, token, { municipalityId, effectiveFrom });
  }
  removeMember(token: string, collaborationId: string, municipalityId: string, effectiveTo: string) {
    return this.http.json('POST', path`/collaborations/${collaborationId}/members/${municipalityId}/departure`, token, { effectiveTo });
  }
  changeTerms(token: string, collaborationId: string, change: { effectiveFrom: string; name?: string; legalDomains?: string[] }) {
    return this.http.json('POST', path`/collaborations/${collaborationId}/changes`, token, change);
  }
  terminate(token: string, collaborationId: string, effectiveTo: string, reason: string) {
    return this.http.json('POST', path`/collaborations/${collaborationId}/termination`, token, { effectiveTo, reason });
  }
  agreement(token: string, collaborationId: string, sha256: string) {
    return this.http.download(path`/collaborations/${collaborationId}/agreements/${sha256}`, token, 'application/pdf');
  }
}

const filterParams = (f: AuditFilter): Record<string, string> => Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

export class AuditLogClient implements AuditLog {
  constructor(private readonly http: ServiceClient) {}
  byWorker(token: string, userId: string, from: string, filter: AuditFilter = {}) {
    const q = new URLSearchParams({ from, limit: '1000', ...filterParams(filter) });
    return this.http.json<AuditPage>('GET', `${path`/audit/workers/${userId}/records`}?${q}`, token);
  }
  byMunicipality(token: string, municipalityId: string | undefined, from: string, filter: AuditFilter = {}) {
    const q = new URLSearchParams({ from, limit: '1000', ...(municipalityId ? { municipalityId } : {}), ...filterParams(filter) });
    return this.http.json<AuditPage>('GET', `/audit/records?${q}`, token);
  }
  byTrace(token: string, traceId: string) {
    return this.http.json<{ records: unknown[] }>('GET', path`/audit/traces/${traceId}`, token);
  }
  verify(token: string) {
    return this.http.json<VerificationReport>('POST', '/audit/verify', token, {});
  }
}

export class ReportingClient implements Reporting {
  constructor(private readonly http: ServiceClient) {}
  signals(token: string, status?: string) {
    return this.http.json<{ signals: MisuseSignal[] }>('GET', status ? `/signals?status=${encodeURIComponent(status)}` : '/signals', token);
  }
  reviewSignal(token: string, signalId: string, decision: 'REVIEWED' | 'DISMISSED', reason: string) {
    return this.http.json<MisuseSignal>('POST', path`/signals/${signalId}/review`, token, { decision, reason });
  }
  generic(token: string, organisationId: string, month: string) {
    return this.http.json<GenericReport>('GET', path`/reports/generic/${organisationId}/${month}`, token);
  }
  genericCsv(token: string, organisationId: string, month: string) {
    return this.http.download(path`/reports/generic/${organisationId}/${month}/report.csv`, token, 'text/csv');
  }
  specific(token: string, organisationId: string, month: string) {
    return this.http.json<SpecificReport>('GET', path`/reports/specific/${organisationId}/${month}`, token);
  }
  specificCsv(token: string, organisationId: string, month: string) {
    return this.http.download(path`/reports/specific/${organisationId}/${month}/report.csv`, token, 'text/csv');
  }
}

export class OperationsClient implements Operations {
  constructor(private readonly http: ServiceClient) {}
  status(token: string) {
    return this.http.json<SystemStatus>('GET', '/status', token);
  }
}
