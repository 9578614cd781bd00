import { describe, expect, it } from 'vitest';
import { type EngineInput, EXCLUDE_TAG, type RecommendationEngineV1 } from '../contracts/v1/engine-v1.js';
import { recommendationKey } from '../recommendation/recommendation-key.js';
import { recommendationDraftSchema } from '../schemas/recommendation.js';
import { tryEvaluateArithmetic } from '../util/arithmetic.js';
import { fixtureEngineInput } from './fixtures.js';

export interface TestEngineOptions {
  name: string;
  engine: () => RecommendationEngineV1;
  /** Input to analyze. @default fixtureEngineInput() (one over-provisioned, one busy, one idle, one excluded instance) */
  input?: () => EngineInput;
  /** Resource ids the engine must recommend something for with the default input. */
  expectRecommendationsFor?: readonly string[];
  /** Tests to skip, with the reason. */
  skip?: Record<string, string>;
}

/** Names of the checks, for `skip`. */
export const ENGINE_CHECKS: readonly string[] = [
  'declares its specification',
  'returns schema-valid drafts',
  'recommends for the expected resources',
  'is deterministic',
  'does not mutate its input',
  'gives each proposal one identity',
  'recommends only on the resources it was given, never excluded ones',
  'states savings equal to its calculation',
  'shows steps a person can recompute',
];

/** Deep-freezes a value so any mutation by the engine throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}

/**
 * The contract every recommendation engine passes: schema-valid drafts, stable
 * identities, determinism, purity, exclusions honoured, and numbers that match
 * their calculation.
 */
export function testEngine(options: TestEngineOptions): void {
  const input = options.input ?? fixtureEngineInput;
  const skipped = (name: string) => options.skip?.[name] !== undefined;

  describe(`engine contract: ${options.name}`, () => {
    it('skips only checks that exist', () => {
      const unknown = Object.keys(options.skip ?? {}).filter((name) => !ENGINE_CHECKS.includes(name));
      expect(unknown, 'skip names that match no check').toEqual([]);
    });

    it.skipIf(skipped('declares its specification'))('declares its specification', () => {
      const engine = options.engine();
      expect(engine.specificationVersion).toBe('v1');
      expect(engine.engineId).toMatch(/\S/);
    });

    it.skipIf(skipped('returns schema-valid drafts'))('returns schema-valid drafts', async () => {
      const engine = options.engine();
      const result = await engine.analyze(input());
      for (const draft of result.recommendations) {
        const parsed = recommendationDraftSchema.safeParse(draft);
        expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
        expect(draft.engine).toBe(engine.engineId);
      }
      for (const diagnostic of result.diagnostics) {
        expect(['info', 'warning', 'error']).toContain(diagnostic.level);
        expect(diagnostic.code).toMatch(/\S/);
      }
    });

    it.skipIf(skipped('recommends for the expected resources'))(
      'recommends for the expected resources',
      async () => {
        const result = await options.engine().analyze(input());
        const ids = new Set(result.recommendations.map((draft) => draft.resourceId));
        for (const id of options.expectRecommendationsFor ??
          (options.input ? [] : ['i-overprovisioned', 'i-idle'])) {
          expect(ids, `no recommendation for ${id}`).toContain(id);
        }
      },
    );

    it.skipIf(skipped('is deterministic'))('is deterministic', async () => {
      const first = await options.engine().analyze(input());
      const second = await options.engine().analyze(input());
      expect(second).toEqual(first);
    });

    it.skipIf(skipped('does not mutate its input'))('does not mutate its input', async () => {
      const frozen = input();
      const { prices, ...data } = frozen;
      deepFreeze(data);
      const before = JSON.stringify(data);
      await options.engine().analyze({ ...data, prices });
      expect(JSON.stringify(data)).toBe(before);
    });

    it.skipIf(skipped('gives each proposal one identity'))('gives each proposal one identity', async () => {
      const result = await options.engine().analyze(input());
      const keys = result.recommendations.map((draft) => recommendationKey(draft));
      expect(new Set(keys).size).toBe(keys.length);
    });

    it.skipIf(skipped('recommends only on the resources it was given, never excluded ones'))(
      'recommends only on the resources it was given, never excluded ones',
      async () => {
        const data = input();
        const given = new Set(data.resources.map((resource) => resource.id));
        const excluded = new Set(
          data.resources
            .filter((resource) => resource.tags[EXCLUDE_TAG] === 'true')
            .map((resource) => resource.id),
        );
        if (!options.input) expect(excluded.size).toBeGreaterThan(0);
        const result = await options.engine().analyze(data);
        for (const draft of result.recommendations) {
          expect(given.has(draft.resourceId), `${draft.resourceId} was not given`).toBe(true);
          expect(excluded.has(draft.resourceId), `${draft.resourceId} is excluded`).toBe(false);
        }
      },
    );

    it.skipIf(skipped('states savings equal to its calculation'))(
      'states savings equal to its calculation',
      async () => {
        const result = await options.engine().analyze(input());
        for (const draft of result.recommendations) {
          expect(draft.calculation.result.value).toBeCloseTo(draft.estimatedMonthlySavings, 2);
          expect(Object.keys(draft.calculation.inputs).length).toBeGreaterThan(0);
        }
      },
    );

    it.skipIf(skipped('shows steps a person can recompute'))(
      'shows steps a person can recompute',
      async () => {
        const result = await options.engine().analyze(input());
        let checked = 0;
        for (const draft of result.recommendations) {
          for (const step of draft.calculation.steps) {
            const recomputed = tryEvaluateArithmetic(step.expression);
            if (recomputed === undefined) continue;
            checked += 1;
            const tolerance = Math.max(0.01, 5e-4 * Math.abs(step.value));
            expect(
              Math.abs(recomputed - step.value),
              `${draft.resourceId} "${step.label}": ${step.expression} = ${recomputed}, stated ${step.value}`,
            ).toBeLessThanOrEqual(tolerance);
          }
        }
        if (result.recommendations.length > 0) expect(checked).toBeGreaterThan(0);
      },
    );
  });
}
