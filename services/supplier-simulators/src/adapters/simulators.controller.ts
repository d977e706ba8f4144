/**
 * The simulated data sources. BRP follows the request shape of Haal Centraal BRP bevragen
 * (POST /haalcentraal/api/brp/personen, type + fields) and requires the protocol headers
 * x-origin-oin, x-doelbinding, x-verwerking and x-gebruiker; the others take a BSN (or their own
 * search key) in a POST body. Each request is identified by the caller's OIN (x-origin-oin),
 * as a supplier identifies its customer organisation, and written to the request log with the
 * caller's request id (x-request-id), answered or refused.
 */
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiError, parseInput, Public } from '@inkijk/platform';
import { benefits, businesses, incomeRelations, parcelKey, person, Person, plateKey, property, SEARCHABLE_BSNS, studyFinance, taxAssessments, vehicles } from '../domain/fictional-data';
import { Fault, parseFault, SupplierName } from '../domain/faults';
import { brpHeaders, byBsn, faultParams, faultRequest, kadasterRequest, originHeaders, personenRequest, rdwRequest, requestIdHeader } from './routes';
import { REQUEST_LOG, RequestLog } from './request-log';

export const FAULTS = Symbol('FAULTS');
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

type Headers = Record<string, string | undefined>;

function requireOrigin(oin: string | undefined): void {
  if (!originHeaders.shape['x-origin-oin'].safeParse(oin).success) throw new ApiError(401, 'ORIGIN_OIN_REQUIRED', 'The x-origin-oin header must name the customer organisation (OIN, 20 digits).');
}

/** The protocol headers as received, when any was sent (valid values only; never a BSN: they are codes and ids). */
function protocolOf(h: Headers): { protocol?: { doelbinding: string | null; verwerking: string | null; gebruiker: string | null } } {
  const value = (name: 'x-doelbinding' | 'x-verwerking' | 'x-gebruiker') => (brpHeaders.shape[name].safeParse(h[name]).success ? h[name]! : null);
  if (h['x-doelbinding'] === undefined && h['x-verwerking'] === undefined && h['x-gebruiker'] === undefined) return {};
  return { protocol: { doelbinding: value('x-doelbinding'), verwerking: value('x-verwerking'), gebruiker: value('x-gebruiker') } };
}

function project(p: Person, fields: string[]): Partial<Person> {
  const top = new Set(fields.map((f) => f.split('.')[0]));
  return Object.fromEntries(Object.entries(p).filter(([k]) => top.has(k))) as Partial<Person>;
}

@Public()
@Controller()
export class SimulatorsController {
  constructor(
    @Inject(FAULTS) private readonly faults: Map<SupplierName, Fault>,
    @Inject(ADMIN_TOKEN) private readonly adminToken: string | undefined,
    @Inject(REQUEST_LOG) private readonly requests: RequestLog,
  ) {}

  /** Runs one request and writes it to the request log, whatever its answer. */
  private async logged<T>(supplier: SupplierName, h: Headers, requestType: (body: unknown) => string, body: unknown, records: (answer: T) => number, handle: () => Promise<T>): Promise<T> {
    let status = 200;
    let count: number | null = null;
    try {
      const requestId = h['x-request-id'];
      if (requestId !== undefined && !requestIdHeader.safeParse(requestId).success) {
        throw new ApiError(400, 'INVALID_REQUEST_ID', 'The x-request-id header may hold letters, digits and . _ : - only, at most 100 characters.');
      }
      const answer = await handle();
      count = records(answer);
      return answer;
    } catch (e) {
      status = e instanceof ApiError ? e.status : 500;
      throw e;
    } finally {
      const requestId = h['x-request-id'];
      this.requests.received({
        supplier,
        requestId: requestId !== undefined && requestIdHeader.safeParse(requestId).success ? requestId : null,
        originOin: originHeaders.shape['x-origin-oin'].safeParse(h['x-origin-oin']).success ? h['x-origin-oin']! : null,
        requestType: requestType(body),
        ...protocolOf(h),
        status,
        records: count,
      });
    }
  }

  private async behave(supplier: SupplierName): Promise<void> {
    const f = this.faults.get(supplier) ?? { mode: 'ok' };
    if (f.mode === 'error') throw new ApiError(503, 'SOURCE_UNAVAILABLE', `${supplier} (simulated) is unavailable.`);
    if (f.mode === 'slow') await new Promise((r) => setTimeout(r, f.delayMs));
  }

  @Post('haalcentraal/api/brp/personen')
  @HttpCode(200)
  personen(@Headers() h: Headers, @Body() body: unknown) {
    const type = (b: unknown) => {
      const t = (b as { type?: unknown } | null)?.type;
      return typeof t === 'string' && personenRequest.options.some((o) => o.shape.type.value === t) ? t : 'UNKNOWN';
    };
    return this.logged('BRP', h, type, body, (a) => a.personen.length, () => this.brp(h, body));
  }

  private async brp(h: Headers, body: unknown) {
    requireOrigin(h['x-origin-oin']);
    for (const header of ['x-doelbinding', 'x-verwerking', 'x-gebruiker'] as const) {
      if (!brpHeaders.shape[header].safeParse(h[header]).success) throw new ApiError(400, 'PROTOCOL_HEADER_MISSING', `The BRP requires the protocol header ${header}.`);
    }
    await this.behave('BRP');
    const request = parseInput(personenRequest, body, 'personen request');
    let found: Person[];
    if (request.type === 'RaadpleegMetBurgerservicenummer') found = request.burgerservicenummer.map(person);
    else if (request.type === 'ZoekMetPostcodeEnHuisnummer') found = SEARCHABLE_BSNS.map(person).filter((p) => p.verblijfplaats.verblijfadres.postcode === request.postcode && p.verblijfplaats.verblijfadres.huisnummer === request.huisnummer);
    else found = SEARCHABLE_BSNS.map(person).filter((p) => p.naam.geslachtsnaam.toLowerCase() === request.geslachtsnaam.toLowerCase() && p.geboorte.datum.datum === request.geboortedatum);
    return { type: request.type, personen: found.map((p) => project(p, [...request.fields, 'burgerservicenummer'])) };
  }

  @Post('uwv/inkomstenverhoudingen')
  @HttpCode(200)
  uwv(@Headers() h: Headers, @Body() body: unknown) {
    return this.logged('UWV', h, () => 'inkomstenverhoudingen', body, (a) => a.inkomstenverhoudingen.length, async () => {
      requireOrigin(h['x-origin-oin']);
      await this.behave('UWV');
      const { burgerservicenummer } = parseInput(byBsn, body);
      return { burgerservicenummer, inkomstenverhoudingen: incomeRelations(burgerservicenummer) };
    });
  }

  @Post('svb/uitkeringen')
  @HttpCode(200)
  svb(@Headers() h: Headers, @Body() body: unknown) {
    return this.logged('SVB', h, () => 'uitkeringen', body, (a) => a.uitkeringen.length, async () => {
      requireOrigin(h['x-origin-oin']);
      await this.behave('SVB');
      const { burgerservicenummer } = parseInput(byBsn, body);
      return { burgerservicenummer, uitkeringen: benefits(burgerservicenummer) };
    });
  }

  @Post('duo/studiefinanciering')
  @HttpCode(200)
  duo(@Headers() h: Headers, @Body() body: unknown) {
    return this.logged('DUO', h, () => 'studiefinanciering', body, (a) => a.studiefinanciering.length, async () => {
      requireOrigin(h['x-origin-oin']);
      await this.behave('DUO');
      const { burgerservicenummer } = parseInput(byBsn, body);
      return { burgerservicenummer, studiefinanciering: studyFinance(burgerservicenummer) };
    });
  }

  @Post('rdw/voertuigen')
  @HttpCode(200)
  rdw(@Headers() h: Headers, @Body() body: unknown) {
    return this.logged('RDW', h, () => 'voertuigen', body, (a) => a.voertuigen.length, async () => {
      requireOrigin(h['x-origin-oin']);
      await this.behave('RDW');
      const q = parseInput(rdwRequest, body);
      if ('burgerservicenummer' in q) return { burgerservicenummer: q.burgerservicenummer, voertuigen: vehicles(q.burgerservicenummer) };
      // A plate as written (XX-999-X, xx999x): the holder and that vehicle.
      const wanted = plateKey(q.kenteken);
      const owner = SEARCHABLE_BSNS.find((b) => vehicles(b).some((v) => plateKey(v.kenteken) === wanted));
      return { kenteken: q.kenteken, voertuigen: owner ? vehicles(owner).filter((v) => plateKey(v.kenteken) === wanted) : [], houder: owner ?? null };
    });
  }

  @Post('kadaster/eigendom')
  @HttpCode(200)
  kadaster(@Headers() h: Headers, @Body() body: unknown) {
    return this.logged('KADASTER', h, () => 'eigendom', body, (a) => a.eigendom.length, async () => {
      requireOrigin(h['x-origin-oin']);
      await this.behave('KADASTER');
      const q = parseInput(kadasterRequest, body);
      if ('burgerservicenummer' in q) return { burgerservicenummer: q.burgerservicenummer, eigendom: property(q.burgerservicenummer) };
      const wanted = parcelKey(q.perceel);
      const owner = SEARCHABLE_BSNS.find((b) => property(b).some((p) => parcelKey(p.perceel) === wanted));
      return { perceel: q.perceel, eigendom: owner ? property(owner).filter((p) => parcelKey(p.perceel) === wanted) : [], eigenaar: owner ?? null };
    });
  }

  @Post('belastingdienst/aanslagen')
  @HttpCode(200)
  belastingdienst(@Headers() h: Headers, @Body() body: unknown) {
    return this.logged('BELASTINGDIENST', h, () => 'aanslagen', body, (a) => a.aanslagen.length, async () => {
      requireOrigin(h['x-origin-oin']);
      await this.behave('BELASTINGDIENST');
      const { burgerservicenummer } = parseInput(byBsn, body);
      return { burgerservicenummer, aanslagen: taxAssessments(burgerservicenummer) };
    });
  }

  @Post('kvk/inschrijvingen')
  @HttpCode(200)
  kvk(@Headers() h: Headers, @Body() body: unknown) {
    return this.logged('KVK', h, () => 'inschrijvingen', body, (a) => a.inschrijvingen.length, async () => {
      requireOrigin(h['x-origin-oin']);
      await this.behave('KVK');
      const { burgerservicenummer } = parseInput(byBsn, body);
      return { burgerservicenummer, inschrijvingen: businesses(burgerservicenummer) };
    });
  }

  /** Test control: set a supplier's behaviour (needs SIM_ADMIN_TOKEN). */
  @Put('_faults/:supplier')
  setFault(@Headers('authorization') auth: string | undefined, @Param('supplier') supplier: string, @Body() body: unknown) {
    if (!this.adminToken || auth !== `Bearer ${this.adminToken}`) throw new ApiError(401, 'ADMIN_TOKEN_REQUIRED', 'Fault control needs the simulator admin token.');
    if (!faultParams.shape.supplier.safeParse(supplier).success) throw new ApiError(404, 'UNKNOWN_SUPPLIER', `${supplier} is not a simulated supplier.`);
    const { mode } = parseInput(faultRequest, body);
    let fault: Fault;
    try {
      fault = parseFault(mode);
    } catch (e) {
      throw new ApiError(400, 'INVALID_FAULT', (e as Error).message);
    }
    this.faults.set(supplier as SupplierName, fault);
    return { supplier, fault };
  }
}
