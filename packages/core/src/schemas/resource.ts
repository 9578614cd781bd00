import { z } from 'zod';
import { currencySchema, isoDateTimeSchema, nonEmptyString, tagsSchema } from './common.js';

/**
 * Cross-cloud resource kinds. Known members autocomplete; any other string is
 * accepted so new providers and services need no core release.
 */
export type ResourceKind =
  | 'compute-instance'
  | 'block-volume'
  | 'database-instance'
  | 'data-warehouse'
  | (string & {});

/** Lifecycle states seen across providers; open set. */
export type ResourceState =
  | 'running'
  | 'stopped'
  | 'available'
  | 'in-use'
  | 'terminated'
  | 'deleted'
  | (string & {});

/** Capacity of a resource. Every field is optional: a volume has no vCPU, an instance no IOPS. */
export const resourceSpecSchema = z.object({
  vcpu: z.number().positive().optional(),
  memoryGiB: z.number().positive().optional(),
  storageGiB: z.number().nonnegative().optional(),
  iops: z.number().nonnegative().optional(),
  throughputMBps: z.number().nonnegative().optional(),
  networkGbps: z.number().nonnegative().optional(),
  architecture: z.enum(['x86_64', 'arm64']).optional(),
  /** Node count for clustered services (Redshift). */
  nodes: z.number().int().positive().optional(),
});
export type ResourceSpec = z.infer<typeof resourceSpecSchema>;

export const resourceSchema = z.object({
  id: nonEmptyString,
  provider: nonEmptyString,
  account: z.string().default(''),
  region: nonEmptyString,
  /** The provider's service name, e.g. `ec2`, `ebs`, `rds`, `redshift`. */
  service: nonEmptyString,
  kind: z.string().min(1) as z.ZodType<ResourceKind>,
  /** Size or class, e.g. `m5.xlarge`, `db.r5.large`, `gp2`. */
  type: nonEmptyString,
  state: z.string().min(1).default('running') as z.ZodType<ResourceState>,
  name: z.string().optional(),
  tags: tagsSchema.default({}),
  spec: resourceSpecSchema.default({}),
  /** On-demand price of the resource as it is now, per hour (for volumes: monthly price / 730). */
  hourlyPrice: z.number().nonnegative().optional(),
  currency: currencySchema.default('USD'),
  /** The resource this one is attached to (a volume's instance). */
  attachedTo: z.string().optional(),
  createdAt: isoDateTimeSchema.optional(),
  /** Provider-specific extras; never interpreted by core. */
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type Resource = z.infer<typeof resourceSchema>;
export type ResourceInput = z.input<typeof resourceSchema>;
