import { type Policy, policySchema } from '@finops-autopilot/core';
import { z } from 'zod';

/** What an admin can change at run time, kept in the database per tenant. */
export interface TenantConfig {
  /** Engines by id: on or off. Engines not listed are on. */
  engines: Record<string, boolean>;
  /** Pause between cycles in milliseconds. */
  cycleIntervalMs: number;
  /** Routing rules: what runs autonomously and what waits for a person. */
  policy: Policy;
  /** Whether approved recommendations are executed at all (the second of the three safety layers). */
  executionEnabled: boolean;
}

/** Keys under which the config repository keeps each field. */
export const CONFIG_KEYS = {
  engines: 'autopilot.engines',
  cycleIntervalMs: 'autopilot.cycleIntervalMs',
  policy: 'autopilot.policy',
  executionEnabled: 'autopilot.executionEnabled',
} as const satisfies Record<keyof TenantConfig, string>;

const tenantConfigFields = z
  .object({
    engines: z.record(z.string().min(1), z.boolean()).optional(),
    cycleIntervalMs: z.number().int().min(500).max(86_400_000).optional(),
    policy: policySchema.optional(),
    executionEnabled: z.boolean().optional(),
  })
  .strict();

/** A change to the configuration: any non-empty subset of the fields. */
export const tenantConfigPatchSchema = tenantConfigFields.refine((patch) => Object.keys(patch).length > 0, {
  message: 'change at least one field',
});
export type TenantConfigPatch = z.infer<typeof tenantConfigPatchSchema>;

/** Reads the stored configuration over the defaults; a stored value that no longer parses falls back to its default. */
export function mergeConfig(
  defaults: TenantConfig,
  stored: Record<string, unknown>,
  onInvalid: (key: string, message: string) => void,
): TenantConfig {
  const config: TenantConfig = { ...defaults, engines: { ...defaults.engines } };
  const fields = tenantConfigFields.shape;
  for (const [field, key] of Object.entries(CONFIG_KEYS) as [keyof TenantConfig, string][]) {
    if (!(key in stored)) continue;
    const parsed = fields[field].safeParse(stored[key]);
    if (parsed.success && parsed.data !== undefined)
      (config as unknown as Record<string, unknown>)[field] = parsed.data;
    else onInvalid(key, parsed.success ? 'empty' : (parsed.error.issues[0]?.message ?? 'invalid'));
  }
  return config;
}
