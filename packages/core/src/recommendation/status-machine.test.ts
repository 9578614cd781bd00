import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import { recommendationStatusSchema } from '../schemas/recommendation.js';
import { assertTransition, canTransition, RECOMMENDATION_TRANSITIONS } from './status-machine.js';

describe('recommendation status machine', () => {
  it('covers every status', () => {
    expect(Object.keys(RECOMMENDATION_TRANSITIONS).sort()).toEqual(
      [...recommendationStatusSchema.options].sort(),
    );
  });

  it('follows the documented lifecycle', () => {
    const path = [
      'open',
      'pending-approval',
      'approved',
      'executing',
      'executed',
      'verified',
      'rolled-back',
    ] as const;
    for (let index = 1; index < path.length; index++)
      expect(canTransition(path[index - 1]!, path[index]!)).toBe(true);
    expect(canTransition('executing', 'failed')).toBe(true);
    expect(canTransition('failed', 'executing')).toBe(true);
    expect(canTransition('superseded', 'open')).toBe(true);
  });

  it('rejects illegal transitions with a clear error', () => {
    expect(() => assertTransition('rejected', 'executing', 'rec-1')).toThrowError(IllegalTransitionError);
    expect(() => assertTransition('rejected', 'executing', 'rec-1')).toThrowError(
      'Cannot execute recommendation rec-1 in state "rejected": "rejected" is final',
    );
    expect(() => assertTransition('dismissed', 'open', 'rec-2')).toThrowError('"dismissed" is final');
    expect(canTransition('open', 'executing')).toBe(false);
    expect(canTransition('pending-approval', 'executing')).toBe(false);
    expect(canTransition('executed', 'approved')).toBe(false);
  });
});
