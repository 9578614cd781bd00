// A separate process for the durability and migration tests:
//   child.ts migrate <url>                      apply the migrations and exit
//   child.ts crash <pglite|postgres> <target> <tenant>
//       start a transaction, write rows, print MID-WRITE and wait to be killed
import { createPostgresStore } from '../postgres-store.js';
import { sampleRecommendation } from './sample-records.js';

const [command, ...args] = process.argv.slice(2);

async function main(): Promise<void> {
  if (command === 'migrate') {
    const store = createPostgresStore({ connectionString: args[0] });
    await store.connect();
    await store.close();
    process.stdout.write('MIGRATED\n');
    return;
  }
  if (command === 'crash') {
    const [kind, target, tenantId] = args as [string, string, string];
    const store =
      kind === 'pglite'
        ? createPostgresStore({ dataDir: target })
        : createPostgresStore({ connectionString: target });
    await store.transaction(tenantId, async (tx) => {
      for (let index = 0; index < 50; index++) {
        await tx.recommendations.save(sampleRecommendation(index, { id: `rec-crash-${index}` }));
        if (index === 25) {
          await tx.config.set('crash', 'half-written');
          process.stdout.write('MID-WRITE\n');
          await new Promise(() => {});
        }
      }
    });
    return;
  }
  throw new Error(`unknown command ${command}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
