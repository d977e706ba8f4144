/** Request validation at the edge: a zod schema, and a 400 naming every problem when it fails. */
import type { z } from 'zod';
import { ApiError } from './errors';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
    throw new ApiError(400, 'VALIDATION_FAILED', `The ${what} is not valid: ${problems.join('; ')}.`, { problems });
  }
  return r.data;
}
