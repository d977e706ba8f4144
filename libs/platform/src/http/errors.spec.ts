import { Refusal, REFUSAL_STATUS, type RefusalKind } from '@inkijk/contracts';
import { ApiError, toErrorResponse } from './errors';

describe('the one error convention at the edge (ADR 0026)', () => {
  it.each(Object.entries({ INVALID: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, NOT_ELIGIBLE: 422, TOO_MANY: 429, UNAVAILABLE: 503 }))(
    'answers a %s refusal with %i, its code and its sentence',
    (kind, status) => {
      expect(toErrorResponse(new Refusal(kind as RefusalKind, 'SOME_CODE', 'A sentence.'))).toEqual({ status, body: { code: 'SOME_CODE', message: 'A sentence.' } });
      expect(REFUSAL_STATUS[kind as RefusalKind]).toBe(status);
    },
  );

  it('passes a named refusal and its details on; a refusal of another copy of the module by its shape', () => {
    class LogUnavailable extends Refusal {
      constructor() {
        super('UNAVAILABLE', 'LOG_UNAVAILABLE', 'Not logged.', { retry: true });
      }
    }
    expect(toErrorResponse(new LogUnavailable())).toEqual({ status: 503, body: { code: 'LOG_UNAVAILABLE', message: 'Not logged.', details: { retry: true } } });
    expect(toErrorResponse(Object.assign(new Error('Gone.'), { kind: 'NOT_FOUND', code: 'GONE' })).status).toBe(404);
  });

  it('keeps ApiError for edge code, and gives anything else a 500 without internals (an httpStatus field is no convention)', () => {
    expect(toErrorResponse(new ApiError(429, 'SLOW_DOWN', 'Wait.'))).toEqual({ status: 429, body: { code: 'SLOW_DOWN', message: 'Wait.', details: undefined } });
    const old = toErrorResponse(Object.assign(new Error('secret internals'), { code: 'X', httpStatus: 400 }));
    expect(old.status).toBe(500);
    expect(old.body).toEqual({ code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; the request was not completed.' });
  });
});
