import { z } from 'zod';
import { currencySchema, isoDateTimeSchema, nonEmptyString, tagsSchema } from './common.js';

/**
 * One cost line in FinOps FOCUS 1.0 column names. Only the columns the product
 * reads are modelled; others may be carried in `x_Extra`.
 */
export const costRecordSchema = z
  .object({
    BillingAccountId: z.string().optional(),
    SubAccountId: z.string().optional(),
    ChargePeriodStart: isoDateTimeSchema,
    ChargePeriodEnd: isoDateTimeSchema,
    ChargeCategory: z.enum(['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment']).default('Usage'),
    BilledCost: z.number(),
    EffectiveCost: z.number(),
    ListCost: z.number().optional(),
    BillingCurrency: currencySchema,
    ServiceName: nonEmptyString,
    ServiceCategory: z.string().optional(),
    ResourceId: z.string().optional(),
    ResourceType: z.string().optional(),
    RegionId: z.string().optional(),
    SkuId: z.string().optional(),
    ConsumedQuantity: z.number().optional(),
    ConsumedUnit: z.string().optional(),
    PricingUnit: z.string().optional(),
    Tags: tagsSchema.default({}),
    x_Extra: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((record) => Date.parse(record.ChargePeriodEnd) > Date.parse(record.ChargePeriodStart), {
    message: 'ChargePeriodEnd must be after ChargePeriodStart',
    path: ['ChargePeriodEnd'],
  });
export type CostRecord = z.infer<typeof costRecordSchema>;
