/**
 * Reading instance type names (`m6g.2xlarge`, `db.r5.large`, `ra3.4xlarge`)
 * without depending on a provider package: the engine only sees catalog
 * entries and resource type strings.
 */

/** The parts of an EC2 instance type, RDS instance class or Redshift node type. */
export interface TypeName {
  /** Service prefix (`db` for RDS classes); `undefined` for EC2 types and Redshift nodes. */
  prefix: string | undefined;
  /** Family without the prefix, e.g. `m5`, `m7i-flex`, `r6gd`, `ra3`. */
  family: string;
  /** Leading letters of the family: `m`, `c`, `r`, `t`, `ra`, `dc`, … */
  category: string;
  /** Generation number (`7` for `m7i`); `undefined` when the family has none. */
  generation: number | undefined;
  /**
   * Letters after the generation: processor (`i` Intel, `a` AMD, `g` Graviton) and
   * capabilities (`d` local NVMe, `n` network, `e` extra memory, `z` high frequency, `b` block storage).
   */
  attributes: string;
  /** Part after a dash in the family (`flex` for `m7i-flex`). */
  variant: string | undefined;
  /** Size, e.g. `large`, `2xlarge`, `metal`. */
  size: string;
  /** Order of the size (nano 0.25 < … < large 4 < xlarge 8 < Nxlarge 8·N); `undefined` for metal and unknown sizes. */
  sizeRank: number | undefined;
  /** A bare-metal size (`metal`, `metal-24xl`). */
  metal: boolean;
  /** A burstable (CPU credit) family: category `t`. */
  burstable: boolean;
  /** Architecture implied by the name: `arm64` for Graviton families (a `g` attribute, or `a1`). */
  impliedArchitecture: 'x86_64' | 'arm64';
}

const FAMILY = /^([a-z]+?)(\d+)([a-z]*)(?:-([a-z0-9]+))?$/;

/**
 * Sizes by AWS normalization factor, which orders them by capacity within a family.
 * `xlplus` is Redshift's ra3.xlplus, between xlarge and 2xlarge.
 */
const NAMED_SIZES: Readonly<Record<string, number>> = {
  nano: 0.25,
  micro: 0.5,
  small: 1,
  medium: 2,
  large: 4,
  xlarge: 8,
  xlplus: 12,
};

/** The capacity order of a size name; `undefined` for metal and names it does not know. */
export function sizeRank(size: string): number | undefined {
  const named = NAMED_SIZES[size];
  if (named !== undefined) return named;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 8 * Number(multiple[1]) : undefined;
}

/**
 * Splits a type name into its parts, or returns `undefined` for a name that is
 * not `[db.]family.size[.suffix]` with a family like `m5`, `r6gd`, `m7i-flex`.
 *
 * @example
 * parseTypeName('db.r6g.xlarge');
 * // { prefix: 'db', family: 'r6g', category: 'r', generation: 6, attributes: 'g',
 * //   size: 'xlarge', sizeRank: 8, impliedArchitecture: 'arm64', … }
 */
export function parseTypeName(type: string): TypeName | undefined {
  const parts = type.trim().toLowerCase().split('.');
  const prefix = parts[0] === 'db' ? parts.shift() : undefined;
  const [family, size] = parts;
  if (!family || !size) return undefined;
  const match = FAMILY.exec(family);
  let category: string;
  let generation: number | undefined;
  let attributes = '';
  let variant: string | undefined;
  if (match) {
    category = match[1]!;
    generation = Number(match[2]);
    attributes = match[3] ?? '';
    variant = match[4];
  } else if (/^[a-z]+$/.test(family)) {
    category = family;
  } else {
    return undefined;
  }
  const graviton = attributes.includes('g') || family === 'a1';
  return {
    prefix,
    family,
    category,
    generation,
    attributes,
    variant,
    size,
    sizeRank: sizeRank(size),
    metal: size === 'metal' || size.startsWith('metal-'),
    burstable: category === 't',
    impliedArchitecture: graviton ? 'arm64' : 'x86_64',
  };
}

/**
 * Categories of accelerated instances (GPU, FPGA, inference, training, video):
 * their CPU says nothing about whether the accelerator is used, so they are
 * neither rightsized on CPU nor proposed as targets.
 */
export const ACCELERATED_CATEGORIES: ReadonlySet<string> = new Set([
  'p',
  'g',
  'gr',
  'f',
  'inf',
  'trn',
  'dl',
  'vt',
]);

/**
 * Capability letters a workload may depend on, kept when moving to another
 * family: `d` (instance-store NVMe), `n` (network-optimized), `e` (extra memory),
 * `z` (high frequency), `b` (block-storage optimized).
 */
const KEPT_CAPABILITIES = ['d', 'n', 'e', 'z', 'b'] as const;

/** The processor vendor implied by the attributes: Graviton, AMD, or Intel (no letter or `i`). */
export function processorVendor(
  name: TypeName,
  architecture: 'x86_64' | 'arm64',
): 'graviton' | 'amd' | 'intel' {
  if (architecture === 'arm64') return 'graviton';
  return name.attributes.includes('a') ? 'amd' : 'intel';
}

/** True when `target` keeps every capability letter of `source` and the same variant (e.g. `flex`). */
export function keepsCapabilities(source: TypeName, target: TypeName): boolean {
  if (source.variant !== target.variant) return false;
  for (const letter of KEPT_CAPABILITIES) {
    if (source.attributes.includes(letter) && !target.attributes.includes(letter)) return false;
  }
  return true;
}
