import { Refusal, REFUSAL_STATUS } from '@inkijk/contracts';
import { filterDetails, refusedReplay, replayAnswer } from './dead-letter-requests';

/** A refusal as the edge answers it: the status of its kind, its code and its sentence. */
const edgeRefusal = (...args: Parameters<typeof refusedReplay>) => {
  const r: Refusal = refusedReplay(...args);
  return { status: REFUSAL_STATUS[r.kind], code: r.code, message: r.message };
};

const run = {
  runId: 'run-1',
  replayed: [{ deadLetterId: 'a', origin: 'inkijk.caseload.events-gm0392.v1[0]@7', offset: '12' }],
  alreadyReplayed: [{ deadLetterId: 'b', replayOffset: '9' }],
  skipped: [{ deadLetterId: 'c', why: 'it would be parked again: not a municipality (--force replays it anyway)' }],
  activity: { eventId: 'e-1' },
};

describe("a replay's answer", () => {
  it('says per dead letter whether it was replayed now, replayed before, or skipped and why, in the words of the API', () => {
    expect(replayAnswer(run, false, 'e-1')).toEqual({
      runId: 'run-1',
      dryRun: false,
      replayed: 1,
      already: 1,
      skipped: 1,
      activityId: 'e-1',
      results: [
        { deadLetterId: 'a', outcome: 'replayed', origin: 'inkijk.caseload.events-gm0392.v1[0]@7', offset: '12' },
        { deadLetterId: 'b', outcome: 'already', replayOffset: '9' },
        { deadLetterId: 'c', outcome: 'skipped', reason: 'it would be parked again: not a municipality (force: true replays it anyway)' },
      ],
    });
  });

  it('gives a dry run no offsets: nothing was published', () => {
    const dry = replayAnswer({ ...run, replayed: [{ deadLetterId: 'a', origin: 'x[0]@7', offset: '' }], activity: null }, true, 'e-2');
    expect(dry.results[0]).toEqual({ deadLetterId: 'a', outcome: 'replayed', origin: 'x[0]@7', offset: null });
    expect(dry.dryRun).toBe(true);
  });
});

describe('a refused replay at the edge', () => {
  it('is a conflict for a topic that may not be replayed, a bad request for an unknown id, and 503 when it could not be recorded', () => {
    expect(edgeRefusal('NOT_REPLAYABLE', 'not replayable: inkijk.registration.users.v1 is also read by authorization.read-model')).toEqual({ status: 409, code: 'NOT_REPLAYABLE', message: 'Not replayable: inkijk.registration.users.v1 is also read by authorization.read-model.' });
    expect(edgeRefusal('UNKNOWN_DEAD_LETTER', 'no dead letter of g on t has the id x')).toEqual({ status: 400, code: 'UNKNOWN_DEAD_LETTER', message: 'No dead letter of g on t has the id x.' });
    expect(edgeRefusal('NOT_RECORDABLE', 'the replay could not be recorded: actingForId is not a UUID')).toMatchObject({ status: 503, code: 'AUDIT_TRAIL_UNAVAILABLE' });
  });
});

describe("a request's record", () => {
  it('names only the filters given', () => {
    expect(filterDetails({ group: 'registration.caseload' })).toEqual({ group: 'registration.caseload' });
    expect(filterDetails({ topic: 't', reason: 'PROCESSING_FAILED', group: undefined })).toEqual({ topic: 't', reason: 'PROCESSING_FAILED' });
  });
});
