/** Request validation at the edge: a zod schema, and a 400 naming every problem when it fails. */
import type { z } from 'zod';
import { ApiError } from './errors';

/**
 * The input as the schema gives it, or a 400 VALIDATION_FAILED naming every problem. A schema may
 * name its own code for a check (`.refine(f, { message, params: { code: 'INVALID_MONTH' } })`):
 * the first such problem's code is the answer's.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
    const named = r.error.issues.map((i) => (i as { params?: { code?: unknown } }).params?.code).find((c): c is string => typeof c === 'string');
    throw new ApiError(400, named ?? 'VALIDATION_FAILED', `The ${what} is not valid: ${problems.join('; ')}.`, { problems });
  }
  return r.data;
}
