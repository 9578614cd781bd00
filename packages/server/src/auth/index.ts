/**
 * @module auth
 *
 * Sign-in, sessions and users of the reference server: argon2id password hashes,
 * short-lived HS256 access tokens, rotating refresh tokens with reuse detection,
 * invitations, and the revocation that ends sessions (and their WebSockets) at once.
 */

export { registerAuthRoutes } from './auth-routes.js';
export { type AuthService, createAuthService } from './auth-service.js';
