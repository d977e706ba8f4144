/** A municipality's BSN whitelist over HTTP: bulk import (JSON or CSV) and its size on a day. */
import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { Whitelists } from '../../app/whitelist';
import { asOfDay, isoDate, whitelistImportBody } from './routes';

@Controller('municipalities/:municipalityId/whitelist')
export class WhitelistController {
  constructor(private readonly whitelists: Whitelists) {}

  /** JSON {bsns: [...], effectiveDate} or text/csv (one BSN per line; ?effectiveDate=YYYY-MM-DD). */
  @Post('import')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  import(@CurrentPrincipal() p: Principal, @Param('municipalityId', ParseUUIDPipe) municipalityId: string, @Body() body: unknown, @Query('effectiveDate') effectiveDate?: string) {
    if (typeof body === 'string') {
      const bsns = body.split(/\r?\n/).map((l) => l.split(/[;,]/)[0].trim()).filter((l) => l && l.toLowerCase() !== 'bsn');
      return this.whitelists.import(p, municipalityId, bsns, parseInput(isoDate, effectiveDate, 'effectiveDate query parameter'));
    }
    const input = parseInput(whitelistImportBody, body, 'whitelist import');
    return this.whitelists.import(p, municipalityId, input.bsns, input.effectiveDate);
  }

  @Get('count')
  count(@CurrentPrincipal() p: Principal, @Param('municipalityId', ParseUUIDPipe) municipalityId: string, @Query('asOf') day?: string) {
    return this.whitelists.countForMunicipality(p, municipalityId, asOfDay(day)).then((count) => ({ municipalityId, asOf: asOfDay(day), count }));
  }
}
