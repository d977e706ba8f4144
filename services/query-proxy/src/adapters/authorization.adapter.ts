/**
 * Decisions through the authorization rules library: in-process on the gateway's own read model
 * (default) or over Kafka request-reply to the authorization service (AUTHORIZATION_MODE=kafka).
 * Organisations, escape rights and the keuzelijst always come from the in-process read model.
 */
import type { query } from '@inkijk/contracts';
import type { AuthorizationClient, ReadModel } from '@inkijk/authorization-rules';
import { amsterdamDay, caseloadCheck } from '@inkijk/authorization-rules';
import type { InProcessAuthorization, ReadModelFeeder } from '@inkijk/authorization-rules/kafka';
import { DurableSendError, inSpan } from '@inkijk/platform';
import type { Decision, DecisionPort } from '../app/ports';
import { LogUnavailableError } from '../app/query.service';

export class AuthorizationAdapter implements DecisionPort {
  constructor(
    private readonly client: AuthorizationClient,
    private readonly local: InProcessAuthorization,
    private readonly model: ReadModel,
    readonly feeder: ReadModelFeeder,
  ) {}

  async decide(q: Parameters<DecisionPort['decide']>[0]): Promise<Decision> {
    const r = await inSpan('authorization decide', { attributes: { 'inkijk.authorization.client': this.client === this.local ? 'in-process' : 'kafka' } }, async (span) => {
      const evaluated = await this.evaluate(q);
      span.setAttributes({ 'inkijk.decision': evaluated.decision ? 'PERMIT' : 'DENY', 'inkijk.decision.reason_code': evaluated.context.reason_code ?? 'NONE' });
      return evaluated;
    });
    const c = r.context;
    return {
      decisionId: c.decisionId,
      permitted: r.decision,
      reasonCode: c.reason_code,
      reasonForUser: c.reason_user,
      escape: c.escape,
      collaborationId: c.collaborationId,
      rulesVersion: c.rulesVersion,
      whitelist: c.whitelist,
      actingFor: c.actingFor && { id: c.actingFor.id, name: c.actingFor.name, cbsCode: c.actingFor.cbsCode, oin: c.actingFor.oin },
      dataSubjectPseudonym: r.dataSubjectPseudonym,
    };
  }

  /** A decision is recorded before it counts; when the decision log cannot be written, no query goes on. */
  private async evaluate(q: Parameters<DecisionPort['decide']>[0]) {
    try {
      return await this.client.evaluate(
        {
          subject: { type: 'user', id: q.userId, properties: { homeMunicipalityId: q.homeMunicipalityId } },
          action: { name: q.product },
          resource: { type: 'person', id: q.bsn },
          context: { actingForMunicipalityId: q.actingForMunicipalityId, legalDomain: q.legalDomain, escapeReason: q.escapeReason },
        },
        { at: q.at, traceId: q.traceId },
      );
    } catch (e) {
      if (e instanceof DurableSendError) throw new LogUnavailableError(e);
      throw e;
    }
  }

  /** Whether the read model has caught up with the registration topics (before that, organisations may be missing). */
  ready(): boolean {
    return this.feeder.isReady();
  }

  organisation(id: string): query.OrganisationRef | null {
    const o = this.model.organisation(id);
    return o ? { id: o.id, name: o.name, cbsCode: o.cbsCode, oin: o.oin } : null;
  }

  caseload(q: Parameters<DecisionPort['caseload']>[0]): ReturnType<DecisionPort['caseload']> {
    const r = caseloadCheck(this.model, q, amsterdamDay(q.at));
    return r && { actingForHolds: r.actingForHolds, heldBy: r.heldBy.map((o) => ({ id: o.id, name: o.name, cbsCode: o.cbsCode, oin: o.oin })) };
  }

  hasEscapeRight(userId: string): boolean {
    return this.model.user(userId)?.escapeRight === true;
  }

  keuzelijst(userId: string) {
    return this.local.keuzelijst(userId);
  }
}
