/**
 * HTTP: GET /status, the operators' status page (issue 24). The security officer only (403
 * ROLE_REQUIRED for anyone else); the officer's own token asks the audit log for its checkpoints.
 */
import { Controller, Get, Headers } from '@nestjs/common';
import { ApiError, CurrentPrincipal, Principal, RequireRoles } from '@inkijk/platform';
import { StatusReport } from '../../app/status';

@Controller('status')
@RequireRoles('SECURITY_OFFICER')
export class StatusController {
  constructor(private readonly report: StatusReport) {}

  @Get()
  status(@CurrentPrincipal() officer: Principal, @Headers('authorization') authorization: string | undefined) {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new ApiError(401, 'TOKEN_REQUIRED', 'A bearer token is required.');
    return this.report.read(officer, token);
  }
}
