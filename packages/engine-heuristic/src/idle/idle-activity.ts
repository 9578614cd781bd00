import { type NetworkReading, perSecondExpression, readNetwork } from '../rightsize/network.js';
import { flat } from '../rightsize/text.js';
import type { MetricWindow, ResourceMetrics } from '../shared/metrics-view.js';
import { max, round } from '../shared/stats.js';

/** What the idle rule saw of a resource's activity over the whole window. */
export interface IdleActivity {
  cpu: MetricWindow;
  /** Highest CPU (%) in the window, rounded to 2 decimals. */
  cpuMax: number;
  /** Highest network per direction, and their sum per hour; `undefined` when not measured. */
  network: { reading: NetworkReading; bytesPerHour: number; expression: string } | undefined;
  /** Highest `DatabaseConnections`; `undefined` when not measured. */
  connectionsMax: number | undefined;
}

/**
 * Reads the activity of an idle candidate, stopping at the first sign of use:
 * CPU above `cpuPercent` at any point, any database connection, or network
 * in + out above `networkBytesPerHour`. Returns `undefined` when the resource
 * is in use. The CPU check comes first and exits on the first busy hour, so a
 * busy fleet costs little.
 *
 * Network per hour is max(in) + max(out), an upper bound of max(in + out):
 * an idle verdict never rests on understated traffic.
 */
export function readIdleActivity(
  metrics: ResourceMetrics,
  cpuPercent: number,
  networkBytesPerHour: number,
): IdleActivity | undefined {
  const cpu = metrics.get('CPUUtilization');
  if (!cpu) return undefined;
  const values = cpu.series.values;
  for (let index = cpu.start; index < cpu.end; index++) if (values[index]! > cpuPercent) return undefined;
  const cpuMax = round(max(values, cpu.start, cpu.end), 2);

  const connections = metrics.get('DatabaseConnections');
  const connectionsMax = connections
    ? max(connections.series.values, connections.start, connections.end)
    : undefined;
  if (connectionsMax !== undefined && connectionsMax > 0) return undefined;

  const reading = readNetwork(metrics, max);
  let network: IdleActivity['network'];
  if (reading) {
    const bytesPerSecond = (reading.inbound?.bytesPerSecond ?? 0) + (reading.outbound?.bytesPerSecond ?? 0);
    const bytesPerHour = round(bytesPerSecond * 3600, 0);
    if (bytesPerHour > networkBytesPerHour) return undefined;
    network = { reading, bytesPerHour, expression: flat`${perSecondExpression(reading)} × 3600` };
  }
  return { cpu, cpuMax, network, connectionsMax };
}
