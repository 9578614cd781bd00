import { createSimulatedProvider } from '@finops-autopilot/provider-sim';
import type { FleetOptions } from '../options.js';

/** Two small simulated fleets in two tenants, for isolation tests. Clocks frozen: tests move them. */
export function twoTenantFleets(): FleetOptions[] {
  return [
    {
      tenantId: 'default',
      provider: createSimulatedProvider({ seed: 7, size: 10, timeScale: 0, historyDays: 400 }),
    },
    {
      tenantId: 'acme',
      tenantName: 'Acme',
      provider: createSimulatedProvider({ seed: 11, size: 10, timeScale: 0, historyDays: 400 }),
    },
  ];
}
