/** The security officer's queue: applications of municipalities waiting for review. */
import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@inkijk/platform';
import { Collaborations } from '../../app/collaborations';

@Controller('applications')
export class ApplicationsController {
  constructor(private readonly collaborations: Collaborations) {}

  @Get('pending')
  pending(@CurrentPrincipal() p: Principal) {
    return this.collaborations.pendingApplications(p);
  }
}
