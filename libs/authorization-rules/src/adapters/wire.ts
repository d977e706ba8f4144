/**
 * The Avro messages of Kafka request-reply (contracts: AccessEvaluationRequest/Response.v1) and
 * their mapping to the AuthZEN shapes. The BSN never travels in clear: it is sealed under the
 * BSN transport key (AES-256-GCM, the platform's sealBsn) that only gateway and authorization hold.
 */
import type { authorization } from '@inkijk/contracts';
import { sealBsn, unsealBsn } from '@inkijk/platform';
import { AccessEvaluator, EvaluatedAccess, InvalidAccessRequestError, parseAccessEvaluationRequest } from '../app/evaluation';
import type { AccessEvaluationRequest } from '../domain/access';

export type WireRequest = authorization.AccessEvaluationRequest;
export type WireResponse = authorization.AccessEvaluationResponse;

export function toWireRequest(request: AccessEvaluationRequest, opts: { requestId: string; at?: number | null; transportKey: Buffer }): WireRequest {
  return {
    requestId: opts.requestId,
    subject: { type: 'user', id: request.subject.id, homeMunicipalityId: request.subject.properties.homeMunicipalityId },
    action: { name: request.action.name },
    resource: { type: 'person', sealedBsn: request.resource.id ? sealBsn(request.resource.id, opts.transportKey) : null },
    context: {
      actingForMunicipalityId: request.context.actingForMunicipalityId,
      legalDomain: request.context.legalDomain,
      escapeReason: request.context.escapeReason ?? null,
      at: opts.at ?? null,
    },
  };
}

export function fromWireRequest(wire: WireRequest, transportKey: Buffer): { request: AccessEvaluationRequest; requestId: string; at: number | null } {
  let bsn: string | null = null;
  if (wire.resource.sealedBsn) {
    try {
      bsn = unsealBsn(wire.resource.sealedBsn, transportKey);
    } catch {
      throw new InvalidAccessRequestError('The data subject cannot be unsealed: gateway and authorization use different BSN transport keys.');
    }
  }
  const request = parseAccessEvaluationRequest({
    subject: { type: 'user', id: wire.subject.id, properties: { homeMunicipalityId: wire.subject.homeMunicipalityId } },
    action: { name: wire.action.name },
    resource: { type: 'person', id: bsn },
    context: { actingForMunicipalityId: wire.context.actingForMunicipalityId, legalDomain: wire.context.legalDomain, escapeReason: wire.context.escapeReason ?? null },
  });
  return { request, requestId: wire.requestId, at: wire.context.at ?? null };
}

export function toWireResponse(r: EvaluatedAccess): WireResponse {
  const c = r.context;
  return {
    decision: r.decision,
    context: {
      decisionId: c.decisionId,
      reason_code: c.reason_code,
      reason_user: c.reason_user,
      reason_admin: c.reason_admin,
      escape: c.escape,
      collaborationId: c.collaborationId,
      rulesVersion: c.rulesVersion,
      whitelist: c.whitelist,
      actingFor: c.actingFor ? { ...c.actingFor } : null,
    },
  };
}

export function fromWireResponse(w: WireResponse): EvaluatedAccess {
  const c = w.context;
  return {
    decision: w.decision,
    context: {
      reason_code: c.reason_code ?? null,
      reason_user: c.reason_user ?? null,
      reason_admin: c.reason_admin ?? null,
      escape: c.escape,
      collaborationId: c.collaborationId ?? null,
      rulesVersion: c.rulesVersion,
      whitelist: c.whitelist,
      actingFor: c.actingFor ? { id: c.actingFor.id, name: c.actingFor.name, cbsCode: c.actingFor.cbsCode ?? null, oin: c.actingFor.oin } : null,
      decisionId: c.decisionId,
    },
  };
}

/**
 * The server side of request-reply: unseal, validate, evaluate (which records the decision,
 * awaited) and answer. The decision id is the request id, so a redelivered request is recorded
 * under the same id.
 */
export async function evaluateWireRequest(evaluator: AccessEvaluator, wire: WireRequest, opts: { transportKey: Buffer; traceId?: string | null }): Promise<WireResponse> {
  const { request, requestId, at } = fromWireRequest(wire, opts.transportKey);
  return toWireResponse(await evaluator.evaluate(request, { decisionId: requestId, at: at ?? undefined, traceId: opts.traceId ?? null }));
}
