import mongoose from 'mongoose';

/** Options that work on real MongoDB and on FerretDB alike. */
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
  return mongoose;
}

/** Creates the indexes every model declares (unique indexes carry our invariants). */
export async function ensureIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.createIndexes();
  }
}

export async function describeEngine(): Promise<{ engine: string; version: string }> {
  const db = mongoose.connection.db;
  if (!db) return { engine: 'unknown', version: 'unknown' };
  const info = await db.admin().command({ buildInfo: 1 });
  // FerretDB answers as MongoDB 7.0 and names itself in `ferretdbVersion`.
  if (typeof info.ferretdbVersion === 'string') return { engine: 'ferretdb', version: info.ferretdbVersion };
  return { engine: 'mongodb', version: String(info.version) };
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
