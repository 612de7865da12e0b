/**
 * Seeds the demo dealership into the database at MONGODB_URI (or the local database).
 * `npm start` does this by itself on first start; this command is for operators.
 */
import { disconnectDatabase } from '../server/src/lib/db';
import { openDatabase } from '../server/src/composition';
import { shanghaiDate } from '../server/src/lib/clock';
import { startLocalDatabase } from './db/launcher';
import { seedDemo } from './demo/seed-demo';
import { printLogins } from './demo/print';

async function main(): Promise<void> {
  const db = await startLocalDatabase({ dataDir: '.data/db', log: (l) => console.error(`[db] ${l}`) });
  await openDatabase(db.uri);
  const logins = await seedDemo({ today: shanghaiDate(new Date()) });
  if (logins) printLogins(logins);
  else console.log('The demo dealership exists already; nothing seeded.');
  await disconnectDatabase();
  await db.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
