/**
 * @module @finops-autopilot/server
 *
 * The reference server of FinOps Autopilot: auth, tenants, approvals,
 * execution, REST + OpenAPI, the live WebSocket stream, metrics. A thin
 * composition of the packages; `createServer()` embeds it, `serve()` runs it.
 */

export {
  type TenantConfig,
  type TenantConfigPatch,
  tenantConfigPatchSchema,
} from './config/tenant-config.js';
export type { Authenticator, AuthInfo, ServerContext, SessionEnded, TenantRuntime } from './context.js';
export {
  EventHub,
  type ServerEvent,
  type ServerEventPayloads,
  type ServerEventType,
  type StreamEvent,
} from './events/hub.js';
export { type ErrorBody, HttpError, type HttpErrorCode, type RequestIssue } from './http/http-error.js';
export type { RouteAccess } from './http/route.js';
export type { FleetOptions, ResolvedServerOptions, ServerOptions } from './options.js';
export type { CycleTelemetry } from './runtime/runtime-manager.js';
export { type ServeOptions, serve } from './serve.js';
export { createServer, type FinopsServer } from './server.js';
export { VERSION } from './version.js';
