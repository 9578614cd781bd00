import type { Actor } from '@finops-autopilot/core';
import { z } from 'zod';
import type { AuthInfo, ServerContext } from '../context.js';
import { HttpError } from '../http/http-error.js';
import type { ManagedRuntime } from '../runtime/runtime-manager.js';

/** The person calling, as the autopilot records actors. */
export function actorOf(auth: AuthInfo): Actor & { role: AuthInfo['role'] } {
  return { type: 'user', id: auth.userId, role: auth.role };
}

/** The runtime of the caller's tenant. @throws {HttpError} 409 when no fleet runs for it. */
export function runtimeOf(ctx: ServerContext, auth: AuthInfo): ManagedRuntime {
  const runtime = ctx.runtime(auth.tenantId) as ManagedRuntime | undefined;
  if (!runtime)
    throw new HttpError({
      statusCode: 409,
      code: 'conflict',
      message: `No fleet is configured for tenant ${auth.tenantId}; configure a provider for it first.`,
    });
  return runtime;
}

/** `?a=x&a=y` or `?a=x,y` → ['x', 'y']. */
export function listParam<T extends string>(item: z.ZodType<T, string>) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((part) => part.split(','))
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item).min(1))
    .optional();
}

export const idParams = z.object({ id: z.string().min(1).max(200) }).strict();

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500).'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('Items to skip.'),
};

/** A page of items with the total count of matches. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
