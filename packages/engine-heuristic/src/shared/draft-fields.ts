import type { RecommendationDraft } from '@finops-autopilot/core';
import type { draftBase } from './resource-context.js';

/**
 * The fields of a draft that a rule fills itself (the rest come from `draftBase`).
 * Rules build these and call `Object.assign(draftBase(context), fields)`: on V8,
 * `{ ...draftBase(context), kind, … }` (a spread followed by more properties)
 * takes a slow path costing tens of microseconds per draft.
 */
export type DraftFields = Omit<RecommendationDraft, keyof ReturnType<typeof draftBase>>;

let cachedStart = Number.NaN;
let cachedEnd = Number.NaN;
let cachedStartIso = '';
let cachedEndIso = '';

/**
 * The evidence window `{ start, end }` as ISO strings. Every resource of an
 * analysis shares one window, so the strings are formatted once per window
 * rather than once per draft; each call returns a fresh object.
 */
export function evidenceWindow(startMs: number, endMs: number): { start: string; end: string } {
  if (startMs !== cachedStart || endMs !== cachedEnd) {
    cachedStart = startMs;
    cachedEnd = endMs;
    cachedStartIso = new Date(startMs).toISOString();
    cachedEndIso = new Date(endMs).toISOString();
  }
  return { start: cachedStartIso, end: cachedEndIso };
}
