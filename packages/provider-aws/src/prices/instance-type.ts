import { InvalidInputError } from '@finops-autopilot/core';

/** CPU architecture as the price catalog entries name it. */
export type CpuArchitecture = 'x86_64' | 'arm64';

/** The parts of an EC2 instance type, RDS instance class or Redshift node type name. */
export interface ParsedInstanceType {
  /** The name as given, e.g. `db.r6g.large`. */
  type: string;
  /** Service prefix, e.g. `db` for RDS classes; `undefined` for EC2 types. */
  prefix: string | undefined;
  /** Family without the prefix, e.g. `m5`, `m7i-flex`, `r6g`, `u-6tb1`. */
  family: string;
  /** Leading letters of the family, e.g. `m`, `c`, `hpc`, `u`. */
  category: string;
  /** Generation number, e.g. `7` for `m7i`; `undefined` when the family has none. */
  generation: number | undefined;
  /** Letters after the generation, e.g. `i` (Intel), `a` (AMD), `g` (Graviton), `gd`, `idn`. */
  capabilities: string;
  /** Part after a dash in the family, e.g. `flex` for `m7i-flex`, `b200` for `p6-b200`. */
  variant: string | undefined;
  /** Size, e.g. `large`, `2xlarge`, `metal`, `metal-24xl`. */
  size: string;
  /** Anything after the size, e.g. `tpc2.mem4x` for RDS Oracle-optimised classes. */
  suffix: string | undefined;
  /**
   * Architecture inferred from the name: `arm64` for AWS Graviton families (a `g`
   * among the capabilities, e.g. m6g, m7gd, c7gn, r8g, t4g, x2gd, im4gn, is4gen,
   * g5g, hpc7g; and a1) and for Apple silicon Macs (mac2*); `x86_64` otherwise.
   * A hint: the catalog entries carry the architecture from the source data.
   */
  architecture: CpuArchitecture;
  /** `true` when {@link ParsedInstanceType.architecture} is arm64 through AWS Graviton. */
  graviton: boolean;
  /** Burstable (CPU credit) family: category `t`. */
  burstable: boolean;
  /** Bare-metal size (`metal`, `metal-24xl`, ...). */
  metal: boolean;
}

const FAMILY_PATTERN = /^([a-z]+?)(\d+)([a-z]*)(?:-([a-z0-9]+))?$/;
const HIGH_MEMORY_PATTERN = /^u-(\d+)tb(\d+)$/;

/**
 * Splits an instance type name into family, generation, size and more.
 * Handles EC2 types (`m5.xlarge`, `m7i-flex.large`, `u-6tb1.112xlarge`), RDS
 * classes (`db.m5.large`, `db.r5.2xlarge.tpc2.mem4x`) and Redshift node types
 * (`ra3.4xlarge`).
 *
 * @example
 * parseInstanceType('db.r6g.xlarge');
 * // { prefix: 'db', family: 'r6g', category: 'r', generation: 6, capabilities: 'g',
 * //   size: 'xlarge', architecture: 'arm64', graviton: true, ... }
 * @throws {InvalidInputError} when the name is not `[prefix.]family.size[.suffix]`.
 */
export function parseInstanceType(type: string): ParsedInstanceType {
  const parsed = tryParseInstanceType(type);
  if (!parsed) {
    throw new InvalidInputError({
      subject: 'instance type',
      issues: [
        {
          path: '',
          message: `"${type}" is not an instance type name like "m5.xlarge", "db.m5.large" or "ra3.4xlarge"`,
        },
      ],
    });
  }
  return parsed;
}

/** Like {@link parseInstanceType} but returns `undefined` for a name it cannot read. */
export function tryParseInstanceType(type: string): ParsedInstanceType | undefined {
  const parts = type.trim().toLowerCase().split('.');
  let prefix: string | undefined;
  if (parts[0] === 'db' || parts[0] === 'cache') prefix = parts.shift();
  const [family, size, ...rest] = parts;
  if (!family || !size || !/^[a-z0-9-]+$/.test(size)) return undefined;

  let category: string;
  let generation: number | undefined;
  let capabilities = '';
  let variant: string | undefined;
  const highMemory = HIGH_MEMORY_PATTERN.exec(family);
  const match = FAMILY_PATTERN.exec(family);
  if (highMemory) {
    // u-6tb1: category u, generation 1, 6 TB of memory.
    category = 'u';
    generation = Number(highMemory[2]);
    variant = `${highMemory[1]}tb`;
  } else if (match) {
    category = match[1] ?? '';
    generation = Number(match[2]);
    capabilities = match[3] ?? '';
    variant = match[4];
  } else if (/^[a-z]+$/.test(family)) {
    category = family;
  } else {
    return undefined;
  }

  const graviton = capabilities.includes('g') || family === 'a1';
  const appleSilicon = category === 'mac' && generation !== undefined && generation >= 2;
  return {
    type,
    prefix,
    family,
    category,
    generation,
    capabilities,
    variant,
    size,
    suffix: rest.length > 0 ? rest.join('.') : undefined,
    architecture: graviton || appleSilicon ? 'arm64' : 'x86_64',
    graviton,
    burstable: category === 't',
    metal: size === 'metal' || size.startsWith('metal-'),
  };
}

const NAMED_SIZE_FACTORS: Readonly<Record<string, number>> = {
  nano: 0.25,
  micro: 0.5,
  small: 1,
  medium: 2,
  large: 4,
  xlarge: 8,
  // Redshift ra3.xlplus sits between xlarge and 2xlarge.
  xlplus: 12,
};

/**
 * The AWS size normalization factor (nano 0.25, micro 0.5, small 1, medium 2,
 * large 4, xlarge 8, `N`xlarge 8·N), e.g. to compare capacity within a family.
 * `undefined` for metal sizes (their factor depends on the family) and unknown names.
 */
export function sizeNormalizationFactor(size: string): number | undefined {
  const named = NAMED_SIZE_FACTORS[size];
  if (named !== undefined) return named;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 8 * Number(multiple[1]) : undefined;
}

/**
 * An ordinal for sorting sizes: nano < micro < small < medium < large < xlarge <
 * 2xlarge < 3xlarge < … < 224xlarge < metal-12xl < metal-24xl < … < metal.
 * Only the order is meaningful. `undefined` for names it does not know.
 */
export function sizeRank(size: string): number | undefined {
  const factor = sizeNormalizationFactor(size);
  if (factor !== undefined) return factor;
  if (size === 'metal') return 2_000_000;
  const metal = /^metal-(\d+)xl$/.exec(size);
  return metal ? 1_000_000 + Number(metal[1]) : undefined;
}

/**
 * Comparator for sizes (`['xlarge', 'large'].sort(compareSizes)` gives
 * `['large', 'xlarge']`), in the order of {@link sizeRank}. Unknown sizes sort
 * after known ones, alphabetically.
 */
export function compareSizes(a: string, b: string): number {
  const rankA = sizeRank(a);
  const rankB = sizeRank(b);
  if (rankA !== undefined && rankB !== undefined) return rankA - rankB;
  if (rankA !== undefined) return -1;
  if (rankB !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Comparator for whole type names: by family, then by size
 * (`m5.large` < `m5.xlarge` < `m5.2xlarge` < `m5a.large`).
 */
export function compareInstanceTypes(a: string, b: string): number {
  const parsedA = tryParseInstanceType(a);
  const parsedB = tryParseInstanceType(b);
  if (!parsedA || !parsedB) return a < b ? -1 : a > b ? 1 : 0;
  const familyA = `${parsedA.prefix ?? ''}.${parsedA.family}`;
  const familyB = `${parsedB.prefix ?? ''}.${parsedB.family}`;
  if (familyA !== familyB) return familyA < familyB ? -1 : 1;
  const bySize = compareSizes(parsedA.size, parsedB.size);
  if (bySize !== 0) return bySize;
  const suffixA = parsedA.suffix ?? '';
  const suffixB = parsedB.suffix ?? '';
  return suffixA < suffixB ? -1 : suffixA > suffixB ? 1 : 0;
}
