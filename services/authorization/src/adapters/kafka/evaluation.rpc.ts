/**
 * Kafka request-reply (@nestjs/microservices, Transport.KAFKA): the gateway sends an Avro
 * AccessEvaluationRequest on the request topic (the message pattern) and gets the Avro response
 * on the reply topic it names. The reply leaves only after the decision record is acknowledged.
 *
 * No token travels over Kafka (a bearer token must not be stored in a topic): the channel is
 * authenticated by the broker, where only the gateway may write to the request topic.
 */
import { Controller, Inject, Type } from '@nestjs/common';
import { Ctx, KafkaContext, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import { AccessEvaluator } from '@inkijk/authorization-rules';
import { evaluateWireRequest, WireRequest, WireResponse } from '@inkijk/authorization-rules/kafka';
import { extractTraceContext, inSpan, Public, traceIdOf, UndecodableRequest } from '@inkijk/platform';
import type { AuthorizationConfig } from '../../config';
import { AUTHORIZATION_CONFIG } from '../tokens';

/** The controller for one request topic (its name is the message pattern). */
export function evaluationRpcController(requestTopic: string): Type<unknown> {
  @Public()
  @Controller()
  class EvaluationRpcController {
    constructor(
      private readonly evaluator: AccessEvaluator,
      @Inject(AUTHORIZATION_CONFIG) private readonly config: AuthorizationConfig,
    ) {}

    @MessagePattern(requestTopic)
    async evaluate(@Payload() data: WireRequest | UndecodableRequest, @Ctx() ctx: KafkaContext): Promise<WireResponse> {
      if (data instanceof UndecodableRequest) throw new RpcException({ code: 'UNDECODABLE_REQUEST', message: data.message });
      const headers = ctx.getMessage().headers as Record<string, string>;
      return inSpan(`${requestTopic} process`, { kind: SpanKind.CONSUMER, parent: extractTraceContext(headers), attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': requestTopic } }, async () => {
        try {
          return await evaluateWireRequest(this.evaluator, data, { transportKey: this.config.transportKey, traceId: traceIdOf(headers) ?? null });
        } catch (e) {
          const err = e as Error & { code?: string };
          throw new RpcException({ code: err.code ?? 'EVALUATION_FAILED', message: err.code ? err.message : 'The decision could not be made or recorded.' });
        }
      });
    }
  }
  return EvaluationRpcController;
}
