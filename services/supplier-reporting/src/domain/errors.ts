/**
 * The refusals of the reporting domain: each a `Refusal` (kind, code, sentence); the HTTP edge
 * maps the kind to a status once (ADR 0026).
 */
import { Refusal } from '@inkijk/contracts';

export const invalidMonth = (text: string) => new Refusal('INVALID', 'INVALID_MONTH', `"${text.slice(0, 20)}" is not a month: write it as YYYY-MM, e.g. 2026-10.`);
export const invalidVersion = (text: string) => new Refusal('INVALID', 'INVALID_VERSION', `"${text.slice(0, 20)}" is not a report version: versions are 1, 2, 3, ...`);
export const unknownSupplier = (text: string, known: readonly string[]) =>
  new Refusal('INVALID', 'UNKNOWN_SUPPLIER', `"${text.slice(0, 20)}" is not a supplier; known: ${known.join(', ')} (RVIG for BRP).`);
/** Not yet: the report needs a month that has not ended (409). */
export const monthNotClosed = (month: string, firstOpen: string) =>
  new Refusal('CONFLICT', 'MONTH_NOT_CLOSED', `The report for ${month} needs months that have not ended yet; ${firstOpen} is still open.`);
export const versionNotFound = (version: number, latest: number | null) =>
  new Refusal('NOT_FOUND', 'REPORT_VERSION_NOT_FOUND', `This report has no version ${version}${latest ? `; the newest is ${latest}` : ''}.`);
export const unknownOrganisation = () => new Refusal('NOT_FOUND', 'ORGANISATION_UNKNOWN', 'No use has ever been recorded for this organisation.');
export const auditTrailUnavailable = () =>
  new Refusal('UNAVAILABLE', 'AUDIT_TRAIL_UNAVAILABLE', 'The action could not be recorded in the audit trail, so nothing was sent. Try again in a moment.');
export const completenessForbidden = () => new Refusal('FORBIDDEN', 'COMPLETENESS_FORBIDDEN', 'Only a security officer may check the completeness of the reports.');

export const signalNotFound = () => new Refusal('NOT_FOUND', 'SIGNAL_NOT_FOUND', 'There is no such signal, or it is not yours to see.');
export const signalsForbidden = () =>
  new Refusal('FORBIDDEN', 'SIGNALS_FORBIDDEN', "Only security officers and the organisation's mandated persons (gemandateerden) may see and review signals.");
export const invalidReviewReason = (problem: string) => new Refusal('INVALID', 'INVALID_REASON', `The reason is not valid: ${problem}.`);
/** A review is final: closing a closed signal again conflicts with it (409). */
export const signalAlreadyReviewed = (status: string) =>
  new Refusal('CONFLICT', 'SIGNAL_ALREADY_REVIEWED', `This signal was already closed (${status.toLowerCase()}); a review is final.`);
