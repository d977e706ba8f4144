/**
 * The simulators' own request log, as a supplier keeps one: one JSON line per request received,
 * with the caller's request id (x-request-id), the customer organisation (x-origin-oin), what was
 * asked and how it was answered. No BSN, no search value. A supplier such as RvIG joins Inkijk's
 * protocol lines with this log by request id (issue 20); the end-to-end test does the same.
 */
import { JsonLogger } from '@inkijk/platform';
import type { SupplierName } from '../domain/faults';

export interface ReceivedRequest {
  supplier: SupplierName;
  /** The x-request-id header as received; null when the caller sent none (or an unusable one). */
  requestId: string | null;
  /** The x-origin-oin header as received when it is an OIN; null otherwise. */
  originOin: string | null;
  /** BRP: the Haal Centraal request type; the others: the resource. */
  requestType: string;
  /**
   * The protocol headers as received (x-doelbinding, x-verwerking, x-gebruiker: purpose, processing
   * activity, the user's id), present only when sent; a supplier keeps them with the request.
   */
  protocol?: { doelbinding: string | null; verwerking: string | null; gebruiker: string | null };
  /** HTTP status answered. */
  status: number;
  /** Records answered (persons, benefits, ...); null when refused or failed. */
  records: number | null;
}

export const REQUEST_LOG = Symbol('REQUEST_LOG');

export interface RequestLog {
  received(r: ReceivedRequest): void;
}

/** Writes each request as a line of the service's JSON log (context `request-log`, level info). */
export class JsonRequestLog implements RequestLog {
  constructor(private readonly logger = new JsonLogger('supplier-simulators')) {}

  received(r: ReceivedRequest): void {
    this.logger.log({ msg: 'request received', ...r }, 'request-log');
  }
}
