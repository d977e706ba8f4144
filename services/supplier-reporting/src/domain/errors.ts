/** Refusals the reporting domain can give; the HTTP edge maps each kind to a status. */
export type RefusalKind = 'INVALID' | 'NOT_FOUND' | 'FORBIDDEN' | 'NOT_YET' | 'UNAVAILABLE';

export class ReportingRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportingRefusal';
  }
}

export const invalidMonth = (text: string) =>
  new ReportingRefusal('INVALID', 'INVALID_MONTH', `"${text.slice(0, 20)}" is not a month: write it as YYYY-MM, e.g. 2026-10.`);
export const invalidVersion = (text: string) =>
  new ReportingRefusal('INVALID', 'INVALID_VERSION', `"${text.slice(0, 20)}" is not a report version: versions are 1, 2, 3, ...`);
export const unknownSupplier = (text: string, known: readonly string[]) =>
  new ReportingRefusal('INVALID', 'UNKNOWN_SUPPLIER', `"${text.slice(0, 20)}" is not a supplier; known: ${known.join(', ')} (RVIG for BRP).`);
export const unknownFormat = (text: string) =>
  new ReportingRefusal('INVALID', 'UNKNOWN_FORMAT', `"${text.slice(0, 20)}" is not a format; choose json, csv or html.`);
export const monthNotClosed = (month: string, firstOpen: string) =>
  new ReportingRefusal('NOT_YET', 'MONTH_NOT_CLOSED', `The report for ${month} needs months that have not ended yet; ${firstOpen} is still open.`);
export const versionNotFound = (version: number, latest: number | null) =>
  new ReportingRefusal('NOT_FOUND', 'REPORT_VERSION_NOT_FOUND', `This report has no version ${version}${latest ? `; the newest is ${latest}` : ''}.`);
export const unknownOrganisation = () => new ReportingRefusal('NOT_FOUND', 'ORGANISATION_UNKNOWN', 'No use has ever been recorded for this organisation.');
export const auditTrailUnavailable = () =>
  new ReportingRefusal('UNAVAILABLE', 'AUDIT_TRAIL_UNAVAILABLE', 'The action could not be recorded in the audit trail, so nothing was sent. Try again in a moment.');
