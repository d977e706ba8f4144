/**
 * One evaluation as a use case: validate the question, decide it by the rules table on the read
 * model's facts, record the decision once on the decision log (awaited: no decision without a
 * record), answer. Used by the authorization service (HTTP and Kafka request-reply) and by the
 * gateway in-process; the transport-specific parts are injected.
 */
import { z } from 'zod';
import type { authorization } from '@inkijk/contracts';
import { isBsn, Refusal } from '@inkijk/contracts';
import { AccessEvaluationRequest, AccessEvaluationResponse, LEGAL_DOMAINS } from '../domain/access';
import { amsterdamDay } from '../domain/dates';
import type { ReadModel } from '../domain/read-model';
import { decide, keuzelijst, KeuzelijstEntry } from '../domain/rules';

/** The response with the id of its decision record. */
export interface EvaluatedAccess extends AccessEvaluationResponse {
  context: AccessEvaluationResponse['context'] & { decisionId: string };
}

/**
 * The response as its caller uses it: with the data subject's pseudonym as the decision record
 * carries it (null when no person was asked about), so the caller reuses it for its own records
 * instead of pseudonymising the BSN again.
 */
export interface RecordedAccess extends EvaluatedAccess {
  dataSubjectPseudonym: string | null;
}

export interface EvaluateOptions {
  /** T, the instant of the query (epoch ms); default: now. */
  at?: number;
  /** The decision id (e.g. the request id of a Kafka request); default: a fresh UUID. */
  decisionId?: string;
  /** W3C trace id of the query, for the decision record. */
  traceId?: string | null;
}

/** How the gateway asks for a decision (in-process or over Kafka, adapters/clients.ts). */
export interface AuthorizationClient {
  /** Decides one query and records the decision (awaited); the answer carries the decision id and the pseudonym. */
  evaluate(request: AccessEvaluationRequest, opts?: EvaluateOptions): Promise<RecordedAccess>;
}

/** Where decisions are recorded; resolves once the record is durable. */
export interface DecisionRecorder {
  record(record: authorization.AccessDecisionRecord): Promise<unknown>;
}

/** The read model is still replaying the registration topics: no decision yet. */
export class ReadModelNotReadyError extends Refusal {
  override readonly name = 'ReadModelNotReadyError';
  constructor() {
    super('UNAVAILABLE', 'READ_MODEL_NOT_READY', 'Authorization is still loading its registration data; try again in a moment.');
  }
}

/** The question is malformed (not a refusal of access: nothing was decided or recorded). */
export class InvalidAccessRequestError extends Refusal {
  override readonly name = 'InvalidAccessRequestError';
  constructor(message: string) {
    super('INVALID', 'VALIDATION_FAILED', message);
  }
}

const id = z.string().trim().min(1).max(200);
/** The AuthZEN access evaluation request as the HTTP endpoint and the in-process client accept it. */
export const accessEvaluationRequestSchema = z.object({
  subject: z.object({ type: z.literal('user').default('user'), id, properties: z.object({ homeMunicipalityId: id }) }),
  action: z.object({ name: id }),
  resource: z.object({
    type: z.literal('person').default('person'),
    id: z.string().refine(isBsn, 'a BSN is 9 digits passing the 11-proef, not all zeros').nullish(),
  }).default({ type: 'person' }),
  context: z.object({
    actingForMunicipalityId: id,
    legalDomain: z.enum(LEGAL_DOMAINS),
    escapeReason: z.string().max(100).nullish(),
  }),
});

/** Validates an incoming request; the message names every problem (never the BSN itself). */
export function parseAccessEvaluationRequest(body: unknown): AccessEvaluationRequest {
  const r = accessEvaluationRequestSchema.safeParse(body);
  if (!r.success) {
    throw new InvalidAccessRequestError(`The access evaluation request is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}.`);
  }
  return r.data as AccessEvaluationRequest;
}

export interface AccessEvaluatorDeps {
  recorder: DecisionRecorder;
  /** The data subject's pseudonym for the record (keyed hash; never the clear BSN). */
  pseudonymise: (bsn: string) => string;
  /** topic:partition -> next offset of the read model (the version of the information used). */
  readModelOffsets: () => Record<string, number>;
  /** False while the read model has not caught up with the registration topics. */
  isReady: () => boolean;
  clock?: () => number;
  newId?: () => string;
}

export class AccessEvaluator {
  private readonly clock: () => number;
  private readonly newId: () => string;

  constructor(readonly model: ReadModel, private readonly deps: AccessEvaluatorDeps) {
    this.clock = deps.clock ?? Date.now;
    this.newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  }

  /** Decides on the day of T, records the decision (awaited), and answers. */
  async evaluate(request: AccessEvaluationRequest, opts: EvaluateOptions = {}): Promise<RecordedAccess> {
    if (!this.deps.isReady()) throw new ReadModelNotReadyError();
    const decidedAt = this.clock();
    const at = opts.at ?? decidedAt;
    const response = decide(this.model, request, amsterdamDay(at));
    const decisionId = opts.decisionId ?? this.newId();
    const pseudonym = request.resource.id ? this.deps.pseudonymise(request.resource.id) : null;
    await this.deps.recorder.record(
      toDecisionRecord(request, response, { decisionId, decidedAt, at, traceId: opts.traceId ?? null, pseudonym, readModelOffsets: this.deps.readModelOffsets() }),
    );
    return { decision: response.decision, context: { ...response.context, decisionId }, dataSubjectPseudonym: pseudonym };
  }

  /** The drop-down list of the user at T (default now). */
  keuzelijst(userId: string, at = this.clock()): KeuzelijstEntry[] {
    if (!this.deps.isReady()) throw new ReadModelNotReadyError();
    return keuzelijst(this.model, userId, amsterdamDay(at));
  }
}

/** The decision log entry: request, result with reason, rules version and read-model offsets. */
export function toDecisionRecord(
  request: AccessEvaluationRequest,
  response: AccessEvaluationResponse,
  meta: { decisionId: string; decidedAt: number; at: number; traceId: string | null; pseudonym: string | null; readModelOffsets: Record<string, number> },
): authorization.AccessDecisionRecord {
  const c = response.context;
  return {
    decisionId: meta.decisionId,
    decidedAt: meta.decidedAt,
    traceId: meta.traceId,
    subject: { userId: request.subject.id, homeMunicipalityId: request.subject.properties.homeMunicipalityId },
    action: request.action.name,
    resource: { dataSubjectPseudonym: meta.pseudonym },
    context: {
      actingForMunicipalityId: request.context.actingForMunicipalityId,
      legalDomain: request.context.legalDomain,
      at: meta.at,
      escapeReason: request.context.escapeReason ?? null,
    },
    decision: response.decision ? 'PERMIT' : 'DENY',
    escape: c.escape,
    collaborationId: c.collaborationId,
    reasonCode: c.reason_code,
    reasonForUser: c.reason_user,
    reasonForAdministrator: c.reason_admin,
    rulesVersion: c.rulesVersion,
    readModelOffsets: meta.readModelOffsets,
  };
}
