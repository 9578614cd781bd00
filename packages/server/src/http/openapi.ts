import { z } from 'zod';
import type { RouteRegistry, RouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parameters(route: RouteSpec, location: 'path' | 'query'): JsonSchema[] {
  const schema = location === 'path' ? route.params : route.query;
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const ERROR_BODY = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              location: { type: 'string' },
              path: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
        requestId: { type: 'string' },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

/** The OpenAPI 3.1 document of every registered route, built from the same zod schemas that validate requests. */
export function buildOpenApiDocument(registry: RouteRegistry, info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of registry.routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = String(route.status ?? 200);
    const errorResponse = (description: string) => ({
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    const responses: Record<string, unknown> = {
      [status]: {
        description: 'Success',
        ...(route.response
          ? { content: { 'application/json': { schema: toSchema(route.response, 'output') } } }
          : {}),
      },
      '400': errorResponse('Invalid request: field-level issues'),
      '429': errorResponse('Too many requests'),
    };
    if (route.method === 'GET')
      responses['304'] = { description: 'Not modified (If-None-Match matched the ETag)' };
    if (route.access !== 'public') {
      responses['401'] = errorResponse('Missing, invalid or expired access token');
      responses['403'] = errorResponse(`Needs the ${route.access} role or higher`);
    }
    if (route.url.includes(':')) responses['404'] = errorResponse('Not found in your tenant');
    const operation: JsonSchema = {
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [...route.tags],
      operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      'x-required-role': route.access,
      parameters: [...parameters(route, 'path'), ...parameters(route, 'query')],
      responses,
      ...(route.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
    };
    if (route.body)
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      };
    paths[path] ??= {};
    (paths[path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FinOps Autopilot API',
      version: info.version,
      description:
        'The reference server of FinOps Autopilot. Sign in at POST /api/auth/login, then send the access token as `Authorization: Bearer <token>`. Every answer is scoped to the tenant of the token.',
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_BODY },
    },
    paths,
  };
}
