import type { Rule } from '../shared/resource-context.js';
import { proposeGp2ToGp3 } from './gp2-to-gp3.js';
import { proposeLowerIops } from './provisioned-iops.js';
import { proposeDeleteUnattached } from './unattached-volume.js';
import type { VolumeFacts } from './volume-context.js';

/**
 * Storage tiering for EBS volumes (service `ebs`, kind `block-volume`), any state.
 * At most one recommendation per volume:
 *
 * - unattached (`available`, no `attachedTo`) → snapshot and delete, whatever the
 *   type: no cheaper tier beats not paying (see {@link proposeDeleteUnattached});
 * - in use, gp2 → gp3 at gp2's performance when cheaper ({@link proposeGp2ToGp3});
 * - in use, io1/io2 with provisioned IOPS well above use → fewer IOPS, or gp3 when
 *   that is cheaper ({@link proposeLowerIops});
 * - st1, sc1 and standard: nothing. st1 (0.045) and sc1 (0.015 USD/GiB-month in
 *   us-east-1) already cost less per GiB than gp3 (0.08), so moving up costs more;
 *   st1 → sc1 is cheaper but cuts baseline throughput per TiB by more than two
 *   thirds, which cannot be judged safe without throughput metrics; magnetic
 *   `standard` costs 0.05 per GiB plus requests, and gp3 is cheaper only for
 *   I/O-heavy volumes, where the request charge is not in the catalog's fixed price.
 * - gp3: nothing; IOPS or throughput provisioned above what is used are not checked yet.
 *
 * Volumes without a size, or whose type has no price, get a diagnostic.
 */
export const storageRule: Rule = (context, output) => {
  const { resource } = context;
  if (resource.service !== 'ebs') return;
  const sizeGiB = resource.spec.storageGiB;
  if (sizeGiB === undefined || !(sizeGiB > 0)) {
    output.diagnostics.push({
      resourceId: resource.id,
      level: 'warning',
      code: 'missing-spec',
      message: 'volume without spec.storageGiB; storage not evaluated',
    });
    return;
  }
  const unattached = resource.state === 'available' && !resource.attachedTo;
  const inUse = resource.state === 'in-use';
  const type = resource.type;
  if (!unattached && !(inUse && (type === 'gp2' || type === 'io1' || type === 'io2'))) return;

  const entry = context.prices.find({ service: 'ebs', region: resource.region, type });
  if (!entry) {
    output.diagnostics.push({
      resourceId: resource.id,
      level: 'warning',
      code: 'no-price',
      message: `no ebs price for ${type} in ${resource.region}; storage not evaluated`,
    });
    return;
  }
  const volume: VolumeFacts = { resource, type, sizeGiB, entry, money: `${resource.currency}/month` };
  if (unattached) proposeDeleteUnattached(context, output, volume);
  else if (type === 'gp2') proposeGp2ToGp3(context, output, volume);
  else proposeLowerIops(context, output, volume);
};
