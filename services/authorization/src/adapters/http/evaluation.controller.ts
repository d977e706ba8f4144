/**
 * HTTP: POST /access/v1/evaluation (AuthZEN access evaluation), GET /keuzelijst (the calling
 * worker's drop-down list), GET /access/v1/rules (the rules table and the escape list).
 * Every endpoint needs a valid token (global AuthGuard); who may ask about whom: caller-policy.
 */
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { AccessEvaluator, amsterdamDay, ESCAPE_REASONS, isoOf, parseAccessEvaluationRequest, RULES, RULES_VERSION } from '@inkijk/authorization-rules';
import { ApiError, CurrentPrincipal, parseInput, Principal, RequireRoles } from '@inkijk/platform';
import { mayAsk } from '../../domain/caller-policy';
import { AUTHORIZATION_CONFIG } from '../tokens';
import { keuzelijstQuery } from './routes';
import type { AuthorizationConfig } from '../../config';

@Controller()
export class EvaluationController {
  constructor(
    private readonly evaluator: AccessEvaluator,
    @Inject(AUTHORIZATION_CONFIG) private readonly config: AuthorizationConfig,
  ) {}

  @Post('access/v1/evaluation')
  @HttpCode(200)
  async evaluate(@CurrentPrincipal() caller: Principal, @Body() body: unknown) {
    const request = parseAccessEvaluationRequest(body); // evaluationBody (routes.ts)
    const verdict = mayAsk(caller, { userId: request.subject.id, homeMunicipalityId: request.subject.properties.homeMunicipalityId }, this.config.trustedCallers);
    if (!verdict.allowed) throw new ApiError(403, verdict.code, verdict.message);
    // The AuthZEN answer; the pseudonym stays with the decision record.
    const { decision, context } = await this.evaluator.evaluate(request, { traceId: trace.getActiveSpan()?.spanContext().traceId ?? null });
    return { decision, context };
  }

  @Get('keuzelijst')
  @RequireRoles('WORKER')
  keuzelijst(@CurrentPrincipal() worker: Principal, @Query() query: unknown) {
    const { at: atParam } = parseInput(keuzelijstQuery, query ?? {}, 'query');
    const at = atParam === undefined ? Date.now() : Date.parse(atParam);
    const registered = this.evaluator.model.user(worker.userId);
    if (registered && registered.homeMunicipalityId !== worker.homeMunicipalityId) {
      throw new ApiError(403, 'HOME_MUNICIPALITY_MISMATCH', 'Your token names another home municipality than your registration: log in again.');
    }
    return { userId: worker.userId, day: isoOf(amsterdamDay(at)), municipalities: this.evaluator.keuzelijst(worker.userId, at) };
  }

  @Get('access/v1/rules')
  rules() {
    return {
      rulesVersion: RULES_VERSION,
      rules: RULES.map(({ order, code, condition, worker, admin }) => ({ order, code, condition, worker, admin })),
      escapeReasons: Object.entries(ESCAPE_REASONS).map(([code, label]) => ({ code, label })),
    };
  }
}
