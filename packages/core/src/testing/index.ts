/**
 * @module @finops-autopilot/core/testing
 *
 * Contract test suites (vitest) that every adapter runs against itself, fixtures,
 * a fake provider, and a simple engine for examples and tests.
 */
export { ENGINE_CHECKS, type TestEngineOptions, testEngine } from './engine-suite.js';
export {
  EXECUTOR_CHECKS,
  type ExecutorTestCase,
  type ExecutorTestSetup,
  type TestExecutorOptions,
  testExecutor,
} from './executor-suite.js';
export { createFakeProvider, type FakeProvider, type FakeProviderOptions } from './fake-provider.js';
export * from './fixtures.js';
export { PROVIDER_CHECKS, type TestProviderOptions, testProvider } from './provider-suite.js';
export { type TestStoreOptions, testStore } from './store-suite.js';
export { createThresholdEngine, type ThresholdEngineOptions } from './threshold-engine.js';
