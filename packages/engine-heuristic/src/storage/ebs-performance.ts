/**
 * EBS performance rules the storage rule relies on, as AWS documents them.
 * gp2: https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html#gp2-performance
 * gp3: https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html#gp3-performance
 * io1/io2: https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html
 */

/** gp2 baseline: 3 IOPS per GiB of size. */
export const GP2_IOPS_PER_GIB = 3;
/** gp2 baseline floor: volumes under 34 GiB still get 100 IOPS. */
export const GP2_MIN_BASELINE_IOPS = 100;
/** gp2 baseline ceiling, reached at 5,334 GiB. */
export const GP2_MAX_BASELINE_IOPS = 16_000;
/**
 * gp2 throughput limit of volumes up to 170 GiB (burst), and the floor of the
 * throughput a gp3 replacement is given.
 */
export const GP2_MIN_THROUGHPUT_MIBPS = 128;
/** gp2 throughput limit, reached at 334 GiB (from 171 GiB while burst credits last). */
export const GP2_MAX_THROUGHPUT_MIBPS = 250;
/**
 * gp2 sustained throughput per GiB: baseline 3 IOPS per GiB × the largest I/O
 * of 256 KiB = 0.75 MiB/s per GiB (AWS: throughput = size × IOPS per GiB × I/O size).
 */
export const GP2_THROUGHPUT_MIBPS_PER_GIB = 0.75;

/** IOPS every gp3 volume includes, whatever its size (used when the catalog entry does not say). */
export const GP3_INCLUDED_IOPS = 3000;
/** Throughput every gp3 volume includes (used when the catalog entry does not say). */
export const GP3_INCLUDED_THROUGHPUT_MIBPS = 125;
/** Highest IOPS a gp3 volume is proposed with (the long-standing gp3 limit). */
export const GP3_MAX_IOPS = 16_000;
/** Highest throughput a gp3 volume is proposed with (the long-standing gp3 limit). */
export const GP3_MAX_THROUGHPUT_MIBPS = 1000;
/** gp3 provisioned IOPS may not exceed 500 per GiB of size. */
export const GP3_MAX_IOPS_PER_GIB = 500;
/** Largest gp3 volume. */
export const GP3_MAX_SIZE_GIB = 16_384;

/** Smallest provisioned IOPS of io1 and io2. */
export const PROVISIONED_MIN_IOPS = 100;
/** io1/io2 provisioned IOPS are proposed in steps of this size (rounded up). */
export const PROVISIONED_IOPS_STEP = 100;
/**
 * SSD volumes count an I/O of up to 256 KiB as one operation, so a volume that
 * sustains N IOPS moves at most N × 0.25 MiB/s. io1/io2 deliver exactly this
 * envelope (up to 32,000 IOPS); a gp3 replacement is given the same.
 */
export const SSD_MAX_IO_MIB = 0.25;

/** gp2 baseline IOPS of a size: `min(16000, max(100, 3 × sizeGiB))`. */
export function gp2BaselineIops(sizeGiB: number): number {
  return Math.min(GP2_MAX_BASELINE_IOPS, Math.max(GP2_MIN_BASELINE_IOPS, GP2_IOPS_PER_GIB * sizeGiB));
}

/**
 * Throughput a gp2 volume of a size sustains, in whole MiB/s:
 * `min(250, max(128, ceil(0.75 × sizeGiB)))`. This matches AWS's documented
 * limits — 128 MiB/s up to 170 GiB, 250 MiB/s from 334 GiB — and between them
 * takes the rate sustained without burst credits (volumes of 171–333 GiB burst
 * to 250 MiB/s only while credits last), just as IOPS are matched to gp2's
 * baseline rather than to its burst.
 */
export function gp2ThroughputMiBps(sizeGiB: number): number {
  return Math.min(
    GP2_MAX_THROUGHPUT_MIBPS,
    Math.max(GP2_MIN_THROUGHPUT_MIBPS, Math.ceil(GP2_THROUGHPUT_MIBPS_PER_GIB * sizeGiB)),
  );
}

/** Whether a gp2 volume of this size can burst above its sustained throughput (171–333 GiB). */
export function gp2BurstsThroughput(sizeGiB: number): boolean {
  return gp2ThroughputMiBps(sizeGiB) < GP2_MAX_THROUGHPUT_MIBPS && sizeGiB > 170;
}
