import type { ConfigStatus } from '../lib/types.js';

/** What is not configured (no cloud, AI off, execution disabled), said plainly at the top. */
export function ConfigBanner({ status }: { status: ConfigStatus }) {
  if (status.issues.length === 0) return null;
  return (
    <section className="banner banner-warn" aria-labelledby="config-banner-title" data-testid="config-banner">
      <h2 id="config-banner-title" className="banner-title">
        Not configured yet
      </h2>
      <ul>
        {status.issues.map((issue) => (
          <li key={issue}>{issue}</li>
        ))}
      </ul>
      <p className="muted">
        Provider <code>{status.provider.id}</code>
        {status.provider.simulated ? ' (simulated fleet)' : ''} · database <code>{status.database}</code> ·
        execution {status.executionEnabled ? 'enabled' : 'disabled'} · engines{' '}
        {Object.entries(status.engines)
          .map(([engine, on]) => `${engine} ${on ? 'on' : 'off'}`)
          .join(', ') || 'none'}
      </p>
    </section>
  );
}
