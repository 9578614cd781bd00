import { z } from 'zod';
import { nonEmptyString } from './common.js';

/** CloudWatch metric names are used everywhere; other providers map onto them. Open set. */
export type MetricName =
  | 'CPUUtilization'
  | 'mem_used_percent'
  | 'NetworkIn'
  | 'NetworkOut'
  | 'VolumeReadOps'
  | 'VolumeWriteOps'
  | 'DatabaseConnections'
  | 'FreeableMemory'
  | (string & {});

/**
 * One metric of one resource at a regular period. Points are two parallel arrays
 * (epoch milliseconds, values) so large series stay compact.
 */
export const metricSeriesSchema = z
  .object({
    resourceId: nonEmptyString,
    metric: z.string().min(1) as z.ZodType<MetricName>,
    unit: z.string().default('None'),
    statistic: z.enum(['Average', 'Maximum', 'Minimum', 'Sum', 'p99']).default('Average'),
    periodSeconds: z.number().int().positive(),
    timestamps: z.array(z.number().int()),
    values: z.array(z.number()),
  })
  .superRefine((series, context) => {
    if (series.timestamps.length !== series.values.length) {
      context.addIssue({
        code: 'custom',
        path: ['values'],
        message: `has ${series.values.length} values for ${series.timestamps.length} timestamps`,
      });
    }
    for (let index = 1; index < series.timestamps.length; index++) {
      if (series.timestamps[index]! <= series.timestamps[index - 1]!) {
        context.addIssue({
          code: 'custom',
          path: ['timestamps', index],
          message: 'timestamps must be strictly ascending',
        });
        break;
      }
    }
  });
export type MetricSeries = z.infer<typeof metricSeriesSchema>;
