import { createHash } from 'node:crypto';
import type { Role } from '@finops-autopilot/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthInfo, ServerContext } from '../context.js';
import { HttpError, type RequestIssue } from './http-error.js';

/** Who may call a route: nobody signed in, or at least this role (admin ⊃ approver ⊃ viewer). */
export type RouteAccess = 'public' | Role;

const RANK: Record<Role, number> = { viewer: 1, approver: 2, admin: 3 };

/** Whether `role` may do what `needed` may. */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler receives: parsed input, the caller, and the raw request and reply. */
export interface RouteCall<P, Q, B, A extends RouteAccess> {
  params: P;
  query: Q;
  body: B;
  auth: A extends 'public' ? AuthInfo | undefined : AuthInfo;
  request: FastifyRequest;
  reply: FastifyReply;
  ctx: ServerContext;
}

/** A body already serialized, with its entity tag (for hot, cached answers). */
export class Precomputed {
  constructor(
    readonly body: string,
    readonly etag: string,
  ) {}

  static of(value: unknown): Precomputed {
    const body = JSON.stringify(value);
    return new Precomputed(body, entityTag(body));
  }
}

/** A route: its access, its input schemas, its documentation and its handler. */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  A extends RouteAccess = RouteAccess,
> {
  method: HttpMethod;
  /** Fastify path, e.g. `/api/recommendations/:id`. */
  url: string;
  access: A;
  summary: string;
  description?: string;
  tags: readonly string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Schema of the 2xx answer, for the OpenAPI document. */
  response?: z.ZodType;
  /** Status of a successful answer. @default 200 */
  status?: number;
  /** Per-route rate limit (stricter on auth routes). */
  rateLimit?: { max: number; timeWindow: number };
  handler(call: RouteCall<z.output<P>, z.output<Q>, z.output<B>, A>): Promise<unknown> | unknown;
}

/** Every route registered, for the OpenAPI document and the role-matrix tests. */
export class RouteRegistry {
  readonly routes: RouteSpec[] = [];
}

/** Weak entity tag of a serialized body. */
export function entityTag(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

function issuesOf(location: RequestIssue['location'], error: z.ZodError): RequestIssue[] {
  return error.issues.map((issue) => ({
    location,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function parsePart<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  location: RequestIssue['location'],
  issues: RequestIssue[],
): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (result.success) return result.data;
  issues.push(...issuesOf(location, result.error));
  return undefined;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}

/** Registers a route on the app: authenticate, authorize, validate, run, then answer (with ETag on GET). */
export function defineRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  A extends RouteAccess,
>(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry, spec: RouteSpec<P, Q, B, A>): void {
  registry.routes.push(spec as unknown as RouteSpec);
  const status = spec.status ?? 200;
  app.route({
    method: spec.method,
    url: spec.url,
    config: spec.rateLimit ? { rateLimit: spec.rateLimit } : {},
    handler: async (request, reply) => {
      let auth: AuthInfo | undefined;
      if (spec.access !== 'public') {
        auth = await ctx.auth.authenticate(request.headers.authorization);
        if (!roleAllows(auth.role, spec.access))
          throw HttpError.forbidden(
            `This needs the ${spec.access} role (or higher); you are signed in as ${auth.role}.`,
          );
        request.log = request.log.child({ userId: auth.userId, tenantId: auth.tenantId });
      } else if (request.headers.authorization) {
        auth = await ctx.auth.authenticate(request.headers.authorization).catch(() => undefined);
      }
      const issues: RequestIssue[] = [];
      const params = parsePart(spec.params, request.params, 'params', issues);
      const query = parsePart(spec.query, request.query, 'query', issues);
      const body = parsePart(spec.body, request.body, 'body', issues);
      if (issues.length > 0) throw HttpError.invalid(issues);
      const result = await spec.handler({
        params,
        query,
        body,
        auth,
        request,
        reply,
        ctx,
      } as RouteCall<z.output<P>, z.output<Q>, z.output<B>, A>);
      if (reply.sent) return reply;
      if (result === undefined) return reply.code(status === 200 ? 204 : status).send();
      const answer = result instanceof Precomputed ? result : Precomputed.of(result);
      reply.header('content-type', 'application/json; charset=utf-8');
      if (spec.method === 'GET') {
        reply.header('etag', answer.etag);
        reply.header('cache-control', 'private, no-cache');
        if (matchesEtag(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
      }
      return reply.code(status).send(answer.body);
    },
  });
}
