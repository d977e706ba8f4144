/**
 * The thresholds of the misuse signals (issue 22, ADR 0021): one entry per kind, validated at
 * start-up like the rest of the configuration. Windows are aligned to the epoch (minutes that
 * divide a day) or to the local (Europe/Amsterdam) calendar day, so that a window is the same
 * however the events arrive: a replay gives the same windows and so the same signal ids.
 */
import { z } from 'zod';

const minutes = z.number().int().min(1).max(1440).refine((m) => 1440 % m === 0, { message: 'window minutes must divide a day (1440)' });
const count = z.number().int().min(1).max(100_000);

const windowed = (windowMinutes: number, threshold: number) =>
  z.object({ windowMinutes: minutes.default(windowMinutes), threshold: count.default(threshold) }).strict().prefault({});

export const signalThresholdsSchema = z
  .object({
    /** How far behind the newest event time an event may arrive and still count; older windows are dropped. */
    allowedLatenessMinutes: z.number().int().min(0).max(24 * 60).default(60),
    /** Many distinct data subjects per hour: above the larger of a floor and factors of the worker's and the organisation's baselines. */
    bulkQuerying: z
      .object({
        windowMinutes: minutes.default(60),
        minDistinctSubjects: count.default(30),
        workerFactor: z.number().min(1).max(100).default(3),
        organisationFactor: z.number().min(1).max(100).default(4),
        /** Days before the window's day that make the baselines (mean distinct subjects per active hour). */
        baselineDays: z.number().int().min(1).max(31).default(7),
        /** Active hours a baseline needs before it counts. */
        minBaselineHours: z.number().int().min(1).max(1000).default(4),
      })
      .strict()
      .prefault({}),
    /** Queries outside office hours (19:00-06:00, weekends) by one worker in one local day. */
    outOfHoursQuerying: z.object({ threshold: count.default(5) }).strict().prefault({}),
    /** Escapes by one worker in a window. */
    escapeRate: windowed(60, 5),
    /** Escapes with the same reason by one worker in a short window. */
    escapeReasonBurst: windowed(10, 3),
    /** Distinct workers querying one data subject for one municipality in a window. */
    subjectManyWorkers: windowed(1440, 3),
    /** Distinct municipalities one data subject was queried for in a window. */
    subjectManyMunicipalities: windowed(60, 3),
    /** Aborted searches (stopped at the not-on-whitelist message) by one worker in a window. */
    whitelistProbing: windowed(60, 5),
    /** Refused query attempts and denied queries by one worker in a window. */
    refusedAttempts: windowed(60, 5),
    /** Successful logins outside office hours by one account in one local day. */
    loginUnusualTime: z.object({ threshold: count.default(1) }).strict().prefault({}),
    /** Failed logins (wrong password or code, locked, throttled) of one account in a window. */
    failedLogins: windowed(60, 5),
  })
  .strict();

export type SignalThresholds = z.infer<typeof signalThresholdsSchema>;

export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = signalThresholdsSchema.parse({});

/** Parses thresholds (JSON text or an object); throws with one readable line per problem. */
export function parseSignalThresholds(input: unknown): SignalThresholds {
  const value = typeof input === 'string' ? (input.trim() === '' ? {} : JSON.parse(input)) : (input ?? {});
  const result = signalThresholdsSchema.safeParse(value);
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  }
  return result.data;
}
