/** Registration's refusals are the project's one `Refusal` (a kind, a stable code, a sentence for a person). */
import { Refusal, type RefusalKind } from '@inkijk/contracts';

/** Throws a Refusal; typed `never`, so it also ends an expression (`x ?? refuse(...)`). */
export const refuse = (kind: RefusalKind, code: string, message: string): never => {
  throw new Refusal(kind, code, message);
};
