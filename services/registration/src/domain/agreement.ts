/** The signed regeling or agreement: a PDF, size-limited, identified by its SHA-256. */
import { createHash } from 'node:crypto';
import { refuse } from './errors';

export const MAX_AGREEMENT_BYTES = 10 * 1024 * 1024;

export interface AgreementDocument {
  filename: string;
  content: Buffer;
  sha256: string;
}

export function agreementDocument(filename: string, content: Buffer | undefined): AgreementDocument {
  if (!content || content.length === 0) return refuse('INVALID', 'AGREEMENT_REQUIRED', 'Attach the signed regeling or agreement as a PDF.');
  if (content.length > MAX_AGREEMENT_BYTES) refuse('INVALID', 'AGREEMENT_TOO_LARGE', `The agreement may be at most ${MAX_AGREEMENT_BYTES / 1024 / 1024} MB.`);
  if (content.subarray(0, 5).toString('latin1') !== '%PDF-') refuse('INVALID', 'AGREEMENT_NOT_PDF', 'The agreement must be a PDF document.');
  return { filename: filename.replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'agreement.pdf', content, sha256: createHash('sha256').update(content).digest('hex') };
}
