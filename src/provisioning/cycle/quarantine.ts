import type { CycleCounts } from './cycle-run.js';
import type { Failure } from './failure.js';

/** When an app goes into quarantine; Entra's published values are 5,000 / 40 % / 40,000 / 60,000 over its escrows. */
export interface QuarantineThresholds {
  /** Failures a cycle must have before the proportion counts. Entra: 5,000 (a self-hosted directory is often smaller). */
  minFailures: number;
  /** Share of a cycle's objects failing (reference failures excluded). Entra: 40 %. */
  proportion: number;
  /** Non-reference failures in one cycle, whatever the share. Entra: 40,000. */
  absolute: number;
  /** All failures in one cycle, references included. Entra: 60,000. */
  total: number;
}

/** scimkit's defaults: Entra's proportion and absolute caps, with a floor of 50 failures instead of 5,000. */
export const DEFAULT_QUARANTINE_THRESHOLDS: QuarantineThresholds = { minFailures: 50, proportion: 0.4, absolute: 40_000, total: 60_000 };

/** A quarantine reason, named as Entra names them, with a sentence for people. */
export interface QuarantineDecision {
  reason: 'EncounteredQuarantineException' | 'EncounteredEscrowProportionThreshold' | 'EncounteredBaseEscrowThreshold' | 'EncounteredTotalEscrowThreshold';
  detail: string;
}

/** Decides from one cycle's counts whether the app belongs in quarantine; undefined when it does not. */
export function decideQuarantine(counts: CycleCounts, appFailure: Failure | undefined, t: QuarantineThresholds = DEFAULT_QUARANTINE_THRESHOLDS): QuarantineDecision | undefined {
  if (appFailure) return { reason: 'EncounteredQuarantineException', detail: appFailure.detail };
  const failures = counts.failure ?? 0;
  const references = counts.referenceFailure ?? 0;
  const successes = counts.success ?? 0;
  if (failures + references >= t.total) return { reason: 'EncounteredTotalEscrowThreshold', detail: `${failures + references} failures in one cycle (limit ${t.total})` };
  if (failures >= t.absolute) return { reason: 'EncounteredBaseEscrowThreshold', detail: `${failures} failures in one cycle (limit ${t.absolute})` };
  if (failures >= t.minFailures && failures / (failures + successes) > t.proportion) {
    return { reason: 'EncounteredEscrowProportionThreshold', detail: `${failures} of ${failures + successes} objects failed (${Math.round((100 * failures) / (failures + successes))} %, limit ${Math.round(t.proportion * 100)} % from ${t.minFailures} failures)` };
  }
  return undefined;
}

const HOUR = 3_600_000;

/**
 * When the next scheduled cycle runs. In quarantine the wait grows with the time spent there (at least
 * the interval, doubling, at most a day, as Entra backs off to daily); otherwise the app's interval.
 */
export function nextCycleAt(now: number, intervalMinutes: number, quarantineSince: string | null): number {
  const interval = intervalMinutes * 60_000;
  if (!quarantineSince) return now + interval;
  const inQuarantine = Math.max(0, now - Date.parse(quarantineSince));
  return now + Math.min(24 * HOUR, Math.max(interval, inQuarantine));
}

/** After this long in quarantine an app is turned Off (Entra disables the job after 4 weeks). */
export const QUARANTINE_DISABLE_AFTER_MS = 28 * 24 * HOUR;
