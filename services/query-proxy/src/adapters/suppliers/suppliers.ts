/**
 * The data sources behind Inkijk, each called with a timeout and behind its own circuit breaker.
 * BRP uses the Haal Centraal BRP bevragen request shape with the protocol headers carrying the
 * OIN of the municipality acted for and the worker. An overview page calls its sources in
 * parallel; every source reports its own status, so a failure of one never hides the others.
 * Calls go over kept-alive connections (JsonHttpClient).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { query } from '@inkijk/contracts';
import { CallTimeoutError, CircuitBreaker, CircuitOpenError, injectTraceHeaders, inSpan } from '@inkijk/platform';
import { SpanKind } from '@opentelemetry/api';
import type { CallContext, DataSources } from '../../app/ports';
import type { SearchKey, SourceResult } from '../../domain/query';
import { JsonHttpClient } from './json-http';

const BRP_FIELDS = ['burgerservicenummer', 'naam', 'geboorte', 'geslacht', 'verblijfplaats'];

interface Endpoint {
  path: string;
  body: (bsn: string) => unknown;
  /** The part of the answer that holds the records; empty means NO_DATA. */
  records: (answer: Record<string, unknown>) => unknown[];
  /** What is asked, for the protocol lines: request type, fields searched by, fields asked for (never values). */
  asked: Asked;
}

interface Asked {
  requestType: string;
  searchFields: string[];
  requestedFields: string[];
}
const byBsnAsked = (resource: string): Asked => ({ requestType: resource, searchFields: ['burgerservicenummer'], requestedFields: [] });

const ENDPOINTS: Record<query.Supplier, Endpoint> = {
  BRP: {
    path: '/haalcentraal/api/brp/personen',
    body: (bsn) => ({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [bsn], fields: BRP_FIELDS }),
    records: (a) => (a.personen as unknown[]) ?? [],
    asked: { requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'], requestedFields: BRP_FIELDS },
  },
  UWV: { path: '/uwv/inkomstenverhoudingen', body: (bsn) => ({ burgerservicenummer: bsn }), records: (a) => (a.inkomstenverhoudingen as unknown[]) ?? [], asked: byBsnAsked('inkomstenverhoudingen') },
  SVB: { path: '/svb/uitkeringen', body: (bsn) => ({ burgerservicenummer: bsn }), records: (a) => (a.uitkeringen as unknown[]) ?? [], asked: byBsnAsked('uitkeringen') },
  DUO: { path: '/duo/studiefinanciering', body: (bsn) => ({ burgerservicenummer: bsn }), records: (a) => (a.studiefinanciering as unknown[]) ?? [], asked: byBsnAsked('studiefinanciering') },
  RDW: { path: '/rdw/voertuigen', body: (bsn) => ({ burgerservicenummer: bsn }), records: (a) => (a.voertuigen as unknown[]) ?? [], asked: byBsnAsked('voertuigen') },
  KADASTER: { path: '/kadaster/eigendom', body: (bsn) => ({ burgerservicenummer: bsn }), records: (a) => (a.eigendom as unknown[]) ?? [], asked: byBsnAsked('eigendom') },
  BELASTINGDIENST: { path: '/belastingdienst/aanslagen', body: (bsn) => ({ burgerservicenummer: bsn }), records: (a) => (a.aanslagen as unknown[]) ?? [], asked: byBsnAsked('aanslagen') },
  KVK: { path: '/kvk/inschrijvingen', body: (bsn) => ({ burgerservicenummer: bsn }), records: (a) => (a.inschrijvingen as unknown[]) ?? [], asked: byBsnAsked('inschrijvingen') },
};

/**
 * Searches that find a person through a source of its own (issue 26): the RDW by licence plate
 * (the holder), the Kadaster by parcel (the owner). Each source's own search shape; the BSN found
 * is then decided on like any other.
 */
const OWNER_SEARCHES = {
  LICENCE_PLATE: { supplier: 'RDW', path: '/rdw/voertuigen', body: (k: { plate: string }) => ({ kenteken: k.plate }), owner: 'houder', asked: { requestType: 'voertuigen', searchFields: ['kenteken'], requestedFields: ['houder'] } },
  PARCEL: { supplier: 'KADASTER', path: '/kadaster/eigendom', body: (k: { parcel: string }) => ({ perceel: k.parcel }), owner: 'eigenaar', asked: { requestType: 'eigendom', searchFields: ['perceel'], requestedFields: ['eigenaar'] } },
} as const;

export class SupplierError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class Suppliers implements DataSources {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly http: JsonHttpClient;

  constructor(
    baseUrl: string,
    private readonly opts: { timeoutMs: number; failureThreshold?: number; resetAfterMs?: number },
  ) {
    this.http = new JsonHttpClient(baseUrl);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.http.close();
  }

  breaker(supplier: string): CircuitBreaker {
    let b = this.breakers.get(supplier);
    if (!b) {
      b = new CircuitBreaker(supplier, { timeoutMs: this.opts.timeoutMs, failureThreshold: this.opts.failureThreshold ?? 5, resetAfterMs: this.opts.resetAfterMs ?? 10_000 });
      this.breakers.set(supplier, b);
    }
    return b;
  }

  /** Calls every source of a product for one BSN, in parallel. */
  fetch(suppliers: readonly query.Supplier[], bsn: string, ctx: CallContext): Promise<SourceResult[]> {
    return Promise.all(suppliers.map((s) => this.call(s, ENDPOINTS[s as keyof typeof ENDPOINTS], (e) => e.body(bsn), ctx)));
  }

  /** A search by address or name (BRP), licence plate (RDW) or parcel (Kadaster): the BSNs found, and how the call went. */
  async searchPersons(key: Exclude<SearchKey, { type: 'BSN' }>, ctx: CallContext): Promise<{ bsns: string[]; result: SourceResult }> {
    if (key.type === 'LICENCE_PLATE' || key.type === 'PARCEL') {
      const search = OWNER_SEARCHES[key.type];
      let owner: unknown = null;
      const endpoint: Endpoint = {
        path: search.path,
        body: () => (search.body as (k: typeof key) => unknown)(key),
        // The answer names the person (holder or owner): one record found, or none.
        records: (a) => ((owner = a[search.owner]) ? [owner] : []),
        asked: { ...search.asked, searchFields: [...search.asked.searchFields], requestedFields: [...search.asked.requestedFields] },
      };
      const result = await this.call(search.supplier, endpoint, (e) => e.body(''), ctx, false);
      return { bsns: typeof owner === 'string' ? [owner] : [], result: { ...result, data: undefined, personListsProvided: 0 } };
    }
    const body =
      key.type === 'POSTCODE_HOUSENUMBER'
        ? { type: 'ZoekMetPostcodeEnHuisnummer', postcode: key.postcode, huisnummer: key.houseNumber, fields: ['burgerservicenummer'] }
        : { type: 'ZoekMetGeslachtsnaamEnGeboortedatum', geslachtsnaam: key.surname, geboortedatum: key.birthDate, fields: ['burgerservicenummer'] };
    const asked: Asked =
      body.type === 'ZoekMetPostcodeEnHuisnummer'
        ? { requestType: body.type, searchFields: ['postcode', 'huisnummer'], requestedFields: ['burgerservicenummer'] }
        : { requestType: body.type, searchFields: ['geslachtsnaam', 'geboortedatum'], requestedFields: ['burgerservicenummer'] };
    const result = await this.call('BRP', { ...ENDPOINTS.BRP, body: () => body, asked }, (e) => e.body(''), ctx, false);
    const bsns = ((result.data as Array<{ burgerservicenummer: string }>) ?? []).map((p) => p.burgerservicenummer);
    return { bsns, result: { ...result, data: undefined, personListsProvided: 0 } };
  }

  private async call(supplier: query.Supplier, endpoint: Endpoint | undefined, body: (e: Endpoint) => unknown, ctx: CallContext, countLists = true): Promise<SourceResult> {
    const started = performance.now();
    if (!endpoint) return { supplier, status: 'NOT_CALLED', durationMs: 0, personListsProvided: 0, message: `${supplier} is not connected.` };
    // One id per call, sent in x-request-id: the supplier logs it, our protocol lines carry it,
    // so the two are joined without a BSN (issue 20).
    const requestId = randomUUID();
    const asked = { requestId, ...endpoint.asked };
    return inSpan(`supplier ${supplier}`, { kind: SpanKind.CLIENT, attributes: { 'inkijk.supplier': supplier } }, async (span) => {
      try {
        const answer = await this.breaker(supplier).run(async (signal) => {
          const res = await this.http.post(
            endpoint.path,
            {
              // The W3C trace context of this span (the HTTP instrumentation, where it runs, sets its own).
              ...injectTraceHeaders({}),
              'x-origin-oin': ctx.actingForOin,
              'x-doelbinding': ctx.legalDomain,
              'x-verwerking': ctx.processingActivityId,
              'x-gebruiker': ctx.userId,
              'x-request-id': requestId,
            },
            body(endpoint),
            signal,
          );
          if (res.status < 200 || res.status >= 300) throw new SupplierError(res.status, `${supplier} answered ${res.status}`);
          return res.body as Record<string, unknown>;
        });
        const records = endpoint.records(answer);
        span.setAttribute('inkijk.records', records.length);
        return {
          supplier,
          status: records.length > 0 ? 'ANSWERED' : 'NO_DATA',
          durationMs: performance.now() - started,
          personListsProvided: countLists && supplier === 'BRP' ? records.length : 0,
          data: records,
          ...asked,
        } satisfies SourceResult;
      } catch (e) {
        const status = e instanceof CallTimeoutError ? 'TIMEOUT' : e instanceof CircuitOpenError ? 'CIRCUIT_OPEN' : 'ERROR';
        const message =
          status === 'TIMEOUT'
            ? `${supplier} did not answer in time.`
            : status === 'CIRCUIT_OPEN'
              ? `${supplier} is temporarily not consulted after repeated failures.`
              : `${supplier} could not supply data right now.`;
        // An open circuit sent nothing, so no request id went out.
        return { supplier, status, durationMs: performance.now() - started, personListsProvided: 0, message, ...(status === 'CIRCUIT_OPEN' ? endpoint.asked : asked) } satisfies SourceResult;
      }
    });
  }
}
