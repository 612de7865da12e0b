/**
 * Starts one local database for the whole jest run (the same launcher `npm start` uses,
 * with a fresh temporary data directory) and publishes its URI to the test workers.
 * Each test file then works in a database of its own (see tests/support/db.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDatabase } from '../../scripts/db/launcher';

type Running = Awaited<ReturnType<typeof startLocalDatabase>>;
declare global {
  var __TEST_DATABASE__: Running | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealer-test-db-'));
  const db = await startLocalDatabase({ dataDir, log: (line) => process.stderr.write(`[db] ${line}\n`) });
  globalThis.__TEST_DATABASE__ = db;
  process.env.TEST_MONGODB_URI = db.uri;
  process.env.TEST_DB_ENGINE = db.engine;
}
