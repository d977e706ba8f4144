/**
 * The forms of the BSN that leave the gateway: sealed for the audit log (AUDIT_SEAL_KEY), and the
 * pseudonym (SUBJECT_PSEUDONYM_KEY) of a refused attempt; a decided query's pseudonym comes with
 * its decision.
 */
import { pseudonymise, sealBsn } from '@inkijk/platform';
import type { SubjectForms } from '../app/ports';

export class DataSubjectForms implements SubjectForms {
  constructor(
    private readonly pseudonymKey: Buffer,
    private readonly sealKey: Buffer,
  ) {}

  sealedBsn(bsn: string): Buffer {
    return sealBsn(bsn, this.sealKey);
  }

  pseudonym(bsn: string): string {
    return pseudonymise(bsn, this.pseudonymKey);
  }
}
