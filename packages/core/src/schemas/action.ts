import { z } from 'zod';
import { nonEmptyString } from './common.js';

/** Change an instance, database or cluster to another size or class. */
export const resizeActionSchema = z.object({
  type: z.literal('resize'),
  from: nonEmptyString,
  to: nonEmptyString,
});

/** Stop and start a resource on a weekly schedule. */
export const scheduleActionSchema = z.object({
  type: z.literal('schedule'),
  /** Cron expressions (minute hour day-of-month month day-of-week) in `timezone`. */
  stopCron: nonEmptyString,
  startCron: nonEmptyString,
  /** IANA time zone, e.g. `America/New_York`. */
  timezone: nonEmptyString,
  /** The same schedule in Cloud Custodian's offhours tag grammar, when expressible. */
  offhours: z.string().optional(),
  /** Hours of the week (0 = Monday 00:00 in `timezone`) during which the resource is stopped. */
  stoppedHours: z.array(z.number().int().min(0).max(167)),
});

/** Change a volume's type (and provisioned IOPS / throughput). */
export const modifyVolumeActionSchema = z.object({
  type: z.literal('modify-volume'),
  from: nonEmptyString,
  to: nonEmptyString,
  iops: z.number().nonnegative().optional(),
  throughputMBps: z.number().nonnegative().optional(),
});

/** Stop a resource (compute keeps its disks). */
export const stopActionSchema = z.object({ type: z.literal('stop') });

/** Delete a resource, optionally after a snapshot that allows restoring it. */
export const deleteActionSchema = z.object({
  type: z.literal('delete'),
  snapshotFirst: z.boolean().default(true),
});

const knownActionTypes = ['resize', 'schedule', 'modify-volume', 'stop', 'delete'] as const;

/** An action no core release knows yet: any `type`, free-form parameters. */
export const customActionSchema = z.object({
  type: nonEmptyString.refine((type) => !(knownActionTypes as readonly string[]).includes(type), {
    message: 'is a known action type; its own fields are required',
  }),
  from: z.string().optional(),
  to: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

export const knownActionSchema = z.discriminatedUnion('type', [
  resizeActionSchema,
  scheduleActionSchema,
  modifyVolumeActionSchema,
  stopActionSchema,
  deleteActionSchema,
]);

/** What a recommendation proposes to do. Known types are checked field by field. */
export const actionSchema = z.union([knownActionSchema, customActionSchema]);
export type Action = z.infer<typeof actionSchema>;
export type ResizeAction = z.infer<typeof resizeActionSchema>;
export type ScheduleAction = z.infer<typeof scheduleActionSchema>;
export type ModifyVolumeAction = z.infer<typeof modifyVolumeActionSchema>;
export type StopAction = z.infer<typeof stopActionSchema>;
export type DeleteAction = z.infer<typeof deleteActionSchema>;

/** Recommendation kinds. Open set; known kinds only allow their own action types. */
export type RecommendationKind = 'rightsize' | 'schedule' | 'storage-tier' | 'idle' | (string & {});

/** Which action types each known recommendation kind may carry. */
export const ACTIONS_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  rightsize: ['resize'],
  schedule: ['schedule'],
  'storage-tier': ['modify-volume', 'delete'],
  idle: ['stop', 'delete'],
};

/**
 * The target part of a recommendation's identity: re-running an analysis that
 * proposes the same target updates the recommendation instead of adding one.
 * A schedule is one target whatever its hours, so a refined schedule updates.
 */
export function actionTarget(action: Action): string {
  if (action.type === 'schedule') return 'schedule';
  const to = 'to' in action && typeof action.to === 'string' ? action.to : undefined;
  return to ? `${action.type}:${to}` : action.type;
}
