import type {} from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthInfo, ServerContext } from '../context.js';
import { HttpError } from '../http/http-error.js';
import type { Metrics } from '../ops/metrics.js';
import { LiveStream, type LiveStreamSettings } from './live-stream.js';

export { LiveStream, type LiveStreamSettings } from './live-stream.js';
export {
  type EventMessage,
  type HelloMessage,
  type HelloPayload,
  type StreamMessage,
  WS_CLOSE,
} from './protocol.js';

/** The path of the live stream. */
export const WS_PATH = '/ws';
/** The subprotocol that carries the access token (`bearer, <token>`), echoed by the server. */
export const WS_TOKEN_PROTOCOL = 'bearer';

/**
 * The access token of an upgrade request: the `access_token` query parameter, or the
 * subprotocols `bearer, <token>` (the first offered must be `bearer`; the next one is the token).
 */
export function tokenOfUpgrade(request: FastifyRequest): string | undefined {
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header === 'string') {
    const [first, second] = header.split(',').map((part) => part.trim());
    if (first === WS_TOKEN_PROTOCOL && second) return second;
  }
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.['access_token'];
  return typeof fromQuery === 'string' && fromQuery.length > 0 ? fromQuery : undefined;
}

/**
 * Registers the live stream at `GET /ws` (see {@link StreamMessage} for the protocol).
 * The token is verified in a `preValidation` hook, so a refused caller gets HTTP 401 and
 * the socket never opens; a plain GET with a valid token gets 426.
 */
export function registerWebSocket(
  app: FastifyInstance,
  ctx: ServerContext,
  metrics: Metrics,
  settings: Partial<LiveStreamSettings> = {},
): void {
  const stream = new LiveStream(ctx, metrics, {
    maxBufferedBytes: settings.maxBufferedBytes ?? ctx.options.wsMaxBufferedBytes,
    heartbeatMs: settings.heartbeatMs ?? 30_000,
    slowCloseGraceMs: settings.slowCloseGraceMs ?? 1000,
  });
  const callers = new WeakMap<FastifyRequest, AuthInfo>();

  app.addHook('onClose', async () => {
    stream.close();
  });

  app.route({
    method: 'GET',
    url: WS_PATH,
    preValidation: async (request) => {
      const token = tokenOfUpgrade(request);
      if (!token)
        throw HttpError.unauthorized(
          'Send the access token as the `access_token` query parameter or the subprotocols `bearer, <token>`.',
        );
      const auth = await ctx.auth.verifyToken(token);
      callers.set(request, auth);
    },
    handler: async (request, reply) =>
      reply
        .code(426)
        .header('upgrade', 'websocket')
        .send({
          error: {
            code: 'invalid-request',
            message: 'This is a WebSocket endpoint: connect with a WebSocket client.',
            requestId: request.id,
          },
        }),
    wsHandler: (socket, request) => {
      const auth = callers.get(request);
      if (!auth) {
        socket.close(1008, 'not authenticated');
        return;
      }
      request.log.info({ tenantId: auth.tenantId, userId: auth.userId }, 'live stream: client connected');
      stream.add(socket, auth);
    },
  });
}
