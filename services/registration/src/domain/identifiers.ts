/**
 * Identifiers of the Dutch public sector, as validating constructors: a value of these types
 * is always well-formed. Plain TypeScript, no I/O.
 */
import { isBsn, isCbsCode, isOin, Refusal } from '@inkijk/contracts';

/** A malformed identifier: refused as INVALID with the identifier's own code. */
export class InvalidIdentifierError extends Refusal {
  constructor(code: 'INVALID_CBS_CODE' | 'INVALID_OIN' | 'INVALID_BSN', message: string) {
    super('INVALID', code, message);
    this.name = 'InvalidIdentifierError';
  }
}

declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

/** CBS municipality code (gemeentecode): "GM" followed by four digits, e.g. GM0392 (Haarlem). */
export type CbsCode = Branded<string, 'CbsCode'>;
export function cbsCode(value: string): CbsCode {
  if (!isCbsCode(value)) {
    throw new InvalidIdentifierError('INVALID_CBS_CODE', `"${value}" is not a municipality code: expected GM followed by four digits, e.g. GM0392.`);
  }
  return value as CbsCode;
}

/** Organisation identification number (OIN): 20 digits. Test OINs start with 00000099. */
export type Oin = Branded<string, 'Oin'>;
export function oin(value: string): Oin {
  if (!isOin(value)) {
    throw new InvalidIdentifierError('INVALID_OIN', `"${value}" is not an OIN: expected exactly 20 digits.`);
  }
  return value as Oin;
}
export const isTestOin = (o: Oin): boolean => o.startsWith('00000099');

/** Citizen service number (burgerservicenummer): 9 digits passing the 11-proef. */
export type Bsn = Branded<string, 'Bsn'>;
export function bsn(value: string): Bsn {
  if (!isBsn(value)) {
    // The value itself is not echoed: it may be a real BSN with a typo.
    throw new InvalidIdentifierError('INVALID_BSN', 'The BSN is not valid: it must be 9 digits and pass the 11-proef.');
  }
  return value as Bsn;
}
