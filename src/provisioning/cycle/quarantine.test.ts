import { describe, expect, it } from 'vitest';
import { decideQuarantine, nextCycleAt } from './quarantine.js';

describe('quarantine decision', () => {
  it('follows Entra’s examples scaled to scimkit’s floor of 50 failures', () => {
    expect(decideQuarantine({ failure: 49, success: 0 }, undefined)).toBeUndefined();
    expect(decideQuarantine({ failure: 50, success: 50 }, undefined)?.reason).toBe('EncounteredEscrowProportionThreshold');
    expect(decideQuarantine({ failure: 40, success: 60 }, undefined)).toBeUndefined();
    expect(decideQuarantine({ failure: 20_000, success: 100_000 }, undefined)).toBeUndefined();
    expect(decideQuarantine({ failure: 45_000, success: 1_000_000 }, undefined)?.reason).toBe('EncounteredBaseEscrowThreshold');
    expect(decideQuarantine({ failure: 39_000, referenceFailure: 21_000, success: 1_000_000 }, undefined)?.reason).toBe('EncounteredTotalEscrowThreshold');
    // Reference failures (members, managers) alone never reach the proportion.
    expect(decideQuarantine({ referenceFailure: 500, success: 10 }, undefined)).toBeUndefined();
  });

  it('quarantines at once on an app-wide failure, with its detail', () => {
    const d = decideQuarantine({ success: 10 }, { code: 'Unauthorized', detail: 'the target refused the Secret Token (401)', handling: 'abort', appWide: true });
    expect(d).toEqual({ reason: 'EncounteredQuarantineException', detail: 'the target refused the Secret Token (401)' });
  });

  it('slows cycles in quarantine down to once a day', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(nextCycleAt(now, 40, null) - now).toBe(40 * 60_000);
    expect(nextCycleAt(now, 40, new Date(now - 10 * 60_000).toISOString()) - now).toBe(40 * 60_000);
    expect(nextCycleAt(now, 40, new Date(now - 5 * 3_600_000).toISOString()) - now).toBe(5 * 3_600_000);
    expect(nextCycleAt(now, 40, new Date(now - 9 * 86_400_000).toISOString()) - now).toBe(86_400_000);
  });
});
