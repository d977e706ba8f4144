/** Organisations over HTTP: register a municipality or the operator (BKWI), list them. */
import { Body, Controller, Get, Post } from '@nestjs/common';
import { CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { Organisations } from '../../app/organisations';
import { municipalityBody, operatorBody } from './routes';

@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: Organisations) {}

  @Post('municipalities')
  register(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(municipalityBody, body, 'municipality');
    return this.organisations.registerMunicipality(p, input);
  }

  /** The operator (BKWI): homes the security officers; no CBS code. */
  @Post('operators')
  registerOperator(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(operatorBody, body, 'operator');
    return this.organisations.registerOperator(p, input);
  }

  @Get()
  list() {
    return this.organisations.list();
  }
}
