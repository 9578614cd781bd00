/**
 * @module @finops-autopilot/provider-aws/prices
 *
 * The bundled AWS list-price catalog: EC2 instance types, RDS instance classes
 * (per database engine), Redshift node types and EBS volume types, with their
 * specs, plus pure helpers to read instance type names and to price EBS volumes.
 *
 * Loads no AWS SDK code: the prices are JSON files in the package's `data/`
 * folder, read with `node:fs` on first use. Provenance and refresh steps are in
 * `data/PROVENANCE.md`.
 */
export {
  type AwsPriceCatalog,
  type AwsPriceCatalogOptions,
  createAwsPriceCatalog,
  ebsMonthlyCost,
} from './catalog.js';
export {
  AWS_PRICE_SERVICES,
  type AwsPriceService,
  type AwsPriceSnapshot,
  type EbsVolumeType,
  GP2_IOPS_PER_GIB,
  GP2_MAX_BASELINE_IOPS,
  GP2_MIN_BASELINE_IOPS,
  RDS_ENGINES,
  type RdsEngine,
} from './data.js';
export {
  EBS_MONTHLY_COST_METHOD,
  type EbsMonthlyCost,
  type EbsMonthlyCostInput,
  ebsMonthlyCostFromEntry,
} from './ebs.js';
export {
  type CpuArchitecture,
  compareInstanceTypes,
  compareSizes,
  type ParsedInstanceType,
  parseInstanceType,
  sizeNormalizationFactor,
  sizeRank,
  tryParseInstanceType,
} from './instance-type.js';
