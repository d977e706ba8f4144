/** BSN (burgerservicenummer): the project's one check (contracts: 9 digits, 11-proef, not all zeros). */
import { isBsn } from '@inkijk/contracts';

export const isValidBsn = (bsn: string): boolean => isBsn(bsn);
