import { type Evidence, HOURS_PER_MONTH, type Resource } from '@finops-autopilot/core';
import { parseTypeName } from '../rightsize/instance-type.js';
import { flat } from '../rightsize/text.js';
import { evidenceWindow } from '../shared/draft-fields.js';
import type { RuleContext } from '../shared/resource-context.js';
import { round } from '../shared/stats.js';
import type { IdleActivity } from './idle-activity.js';

/**
 * Confidence taken off when no activity signal besides CPU exists (no network,
 * no database connections): a low-CPU service that still answers requests
 * would look idle, so a person should look.
 */
export const UNMEASURED_ACTIVITY_PENALTY = 0.1;

const UNMEASURED_NOTE = `Network not measured: the verdict rests on CPU alone, so confidence is lowered by ${UNMEASURED_ACTIVITY_PENALTY}. A service that answers rare requests at low CPU would look the same.`;

/** Notes on how activity was judged and what was not measured. */
export function activityNotes(activity: IdleActivity, unmeasured: boolean): string[] {
  const notes: string[] = [];
  if (activity.network) {
    notes.push('Network per hour = max(in) + max(out), which is never below the max of in + out.');
    if (activity.network.reading.missing.length > 0) {
      notes.push(
        flat`${activity.network.reading.missing.join(' and ')} not measured; only the other direction counted.`,
      );
    }
  } else if (activity.connectionsMax !== undefined) {
    notes.push(
      'Network not measured; no database connection in the window is the activity signal besides CPU.',
    );
  }
  if (unmeasured) {
    notes.push(UNMEASURED_NOTE);
  }
  return notes;
}

/** What keeps billing after a stop, per service: not part of the savings. */
export function stillBilled(context: RuleContext): string[] {
  const { resource, attached } = context;
  const notes: string[] = [];
  if (resource.service === 'redshift') {
    notes.push(
      'Pausing stops compute billing; managed storage (RA3) and backups are still billed. Resuming takes minutes.',
    );
  } else if (resource.service === 'rds') {
    notes.push(
      'Allocated storage and backups are still billed while stopped. RDS starts a stopped instance again after 7 days; for longer, snapshot and delete it.',
    );
  } else if (parseTypeName(resource.type)?.attributes.includes('d')) {
    notes.push(
      flat`${resource.type} has instance-store (local NVMe) volumes: their data is lost when the instance stops.`,
    );
  }
  const volumes = attached.filter((item) => item.kind === 'block-volume');
  if (volumes.length > 0) {
    const monthly = round(
      volumes.reduce((sum, volume) => sum + (volume.hourlyPrice ?? 0) * HOURS_PER_MONTH, 0),
      2,
    );
    notes.push(
      flat`Still billed while stopped, not in the savings: attached volumes ${volumes.map(describeVolume).join(', ')}` +
        (monthly > 0 ? flat`, about ${monthly} ${resource.currency}/month together.` : '.'),
    );
  }
  const group = resource.tags['aws:autoscaling:groupName'];
  if (group) {
    notes.push(
      flat`Member of Auto Scaling group ${group}: a stopped member is replaced; lower the group's capacity instead.`,
    );
  }
  return notes;
}

function describeVolume(volume: Resource): string {
  const size = volume.spec.storageGiB === undefined ? '' : flat`, ${volume.spec.storageGiB} GiB`;
  return flat`${volume.name ?? volume.id} (${volume.type}${size})`;
}

/** The statistics an idle verdict rests on. */
export function idleEvidence(context: RuleContext, activity: IdleActivity): Evidence[] {
  const window = evidenceWindow(context.windowStart, context.now);
  const list: Evidence[] = [
    { metric: 'CPUUtilization', statistic: 'max', value: activity.cpuMax, unit: 'Percent', window },
  ];
  for (const direction of [activity.network?.reading.inbound, activity.network?.reading.outbound]) {
    if (direction)
      list.push({
        metric: direction.metric,
        statistic: 'max',
        value: direction.value,
        unit: direction.unit,
        window,
      });
  }
  if (activity.connectionsMax !== undefined) {
    list.push({
      metric: 'DatabaseConnections',
      statistic: 'max',
      value: activity.connectionsMax,
      unit: 'Count',
      window,
    });
  }
  return list;
}
