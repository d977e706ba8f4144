/**
 * The simulated data sources. BRP follows the request shape of Haal Centraal BRP bevragen
 * (POST /haalcentraal/api/brp/personen, type + fields) and requires the protocol headers
 * x-origin-oin, x-doelbinding, x-verwerking and x-gebruiker; the others take a BSN (or their own
 * search key) in a POST body. Each request is identified by the caller's OIN (x-origin-oin),
 * as a supplier identifies its customer organisation.
 */
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiError, parseInput, Public } from '@inkijk/platform';
import { benefits, incomeRelations, person, Person, property, SEARCHABLE_BSNS, studyFinance, vehicles } from '../domain/fictional-data';
import { Fault, parseFault, SupplierName } from '../domain/faults';
import { brpHeaders, byBsn, faultParams, faultRequest, kadasterRequest, originHeaders, personenRequest, rdwRequest } from './routes';

export const FAULTS = Symbol('FAULTS');
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

function requireOrigin(oin: string | undefined): void {
  if (!originHeaders.shape['x-origin-oin'].safeParse(oin).success) throw new ApiError(401, 'ORIGIN_OIN_REQUIRED', 'The x-origin-oin header must name the customer organisation (OIN, 20 digits).');
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
  ) {}

  private async behave(supplier: SupplierName): Promise<void> {
    const f = this.faults.get(supplier) ?? { mode: 'ok' };
    if (f.mode === 'error') throw new ApiError(503, 'SOURCE_UNAVAILABLE', `${supplier} (simulated) is unavailable.`);
    if (f.mode === 'slow') await new Promise((r) => setTimeout(r, f.delayMs));
  }

  @Post('haalcentraal/api/brp/personen')
  @HttpCode(200)
  async personen(@Headers() h: Record<string, string | undefined>, @Body() body: unknown) {
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
  async uwv(@Headers('x-origin-oin') oin: string | undefined, @Body() body: unknown) {
    requireOrigin(oin);
    await this.behave('UWV');
    const { burgerservicenummer } = parseInput(byBsn, body);
    return { burgerservicenummer, inkomstenverhoudingen: incomeRelations(burgerservicenummer) };
  }

  @Post('svb/uitkeringen')
  @HttpCode(200)
  async svb(@Headers('x-origin-oin') oin: string | undefined, @Body() body: unknown) {
    requireOrigin(oin);
    await this.behave('SVB');
    const { burgerservicenummer } = parseInput(byBsn, body);
    return { burgerservicenummer, uitkeringen: benefits(burgerservicenummer) };
  }

  @Post('duo/studiefinanciering')
  @HttpCode(200)
  async duo(@Headers('x-origin-oin') oin: string | undefined, @Body() body: unknown) {
    requireOrigin(oin);
    await this.behave('DUO');
    const { burgerservicenummer } = parseInput(byBsn, body);
    return { burgerservicenummer, studiefinanciering: studyFinance(burgerservicenummer) };
  }

  @Post('rdw/voertuigen')
  @HttpCode(200)
  async rdw(@Headers('x-origin-oin') oin: string | undefined, @Body() body: unknown) {
    requireOrigin(oin);
    await this.behave('RDW');
    const q = parseInput(rdwRequest, body);
    if ('burgerservicenummer' in q) return { burgerservicenummer: q.burgerservicenummer, voertuigen: vehicles(q.burgerservicenummer) };
    const owner = SEARCHABLE_BSNS.find((b) => vehicles(b).some((v) => v.kenteken === q.kenteken));
    return { kenteken: q.kenteken, voertuigen: owner ? vehicles(owner).filter((v) => v.kenteken === q.kenteken) : [], houder: owner ?? null };
  }

  @Post('kadaster/eigendom')
  @HttpCode(200)
  async kadaster(@Headers('x-origin-oin') oin: string | undefined, @Body() body: unknown) {
    requireOrigin(oin);
    await this.behave('KADASTER');
    const q = parseInput(kadasterRequest, body);
    if ('burgerservicenummer' in q) return { burgerservicenummer: q.burgerservicenummer, eigendom: property(q.burgerservicenummer) };
    const owner = SEARCHABLE_BSNS.find((b) => property(b).some((p) => p.perceel === q.perceel));
    return { perceel: q.perceel, eigendom: owner ? property(owner) : [], eigenaar: owner ?? null };
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
