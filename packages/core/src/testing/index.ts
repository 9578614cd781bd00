/**
 * @module @finops-autopilot/core/testing
 *
 * Contract test suites (vitest) that every adapter runs against itself, fixtures,
 * a fake provider, and a simple engine for examples and tests.
 */
export { type TestEngineOptions, testEngine } from './engine-suite.js';
export * from './fixtures.js';
export { type TestStoreOptions, testStore } from './store-suite.js';
export { createThresholdEngine, type ThresholdEngineOptions } from './threshold-engine.js';
