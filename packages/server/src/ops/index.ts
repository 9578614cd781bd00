export { createMetrics, type Metrics, type WsDropReason } from './metrics.js';
export { READY_STORE_TIMEOUT_MS, registerOpsRoutes } from './routes.js';
