import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { connectDatabase, ensureIndexes } from '../../server/src/lib/db';

/** Connects this test file to a database of its own on the run's shared server. */
export async function connectTestDatabase(): Promise<string> {
  const base = process.env.TEST_MONGODB_URI;
  if (!base)
    throw new Error(
      'TEST_MONGODB_URI is not set: run the tests through jest (globalSetup starts the database)'
    );
  const name = `t_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await connectDatabase(url.toString());
  await ensureIndexes();
  return url.toString();
}

export async function dropTestDatabase(): Promise<void> {
  await mongoose.connection.db?.dropDatabase();
  await mongoose.disconnect();
}
