/**
 * Baselines of the import benchmark: the database work of an import done straight with the
 * driver, on the very documents the import wrote, in fresh collections with the same
 * indexes (`bench_raw_*`), in batches of the import's batch size.
 */
import mongoose, { type Schema } from 'mongoose';
import type { AnyBulkWriteOperation, Collection, CreateIndexesOptions, Document } from 'mongodb';
import { isCorrected } from './import.files';

/** What a baseline needs of a model: its indexes and its collection's name. */
export interface IndexedModel {
  schema: Pick<Schema, 'indexes'>;
  collection: { collectionName: string };
}

export interface CapturedDocs {
  customers: Document[];
  vehicles: Document[];
  serviceRecords: Document[];
}

const BATCH = 1000;

/** A fresh, identically indexed copy of a model's collection (index builds not timed). */
async function freshCollection(model: IndexedModel): Promise<Collection> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const name = `bench_raw_${model.collection.collectionName}`;
  await db
    .collection(name)
    .drop()
    .catch(() => undefined);
  const collection = db.collection(name);
  for (const [keys, options] of model.schema.indexes())
    await collection.createIndex(keys as Record<string, 1 | -1>, (options ?? {}) as CreateIndexesOptions);
  return collection;
}

async function timedBatches<T>(
  items: readonly T[],
  write: (batch: T[]) => Promise<unknown>
): Promise<number> {
  let ms = 0;
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const started = performance.now();
    await write(batch);
    ms += performance.now() - started;
  }
  return ms;
}

/** Milliseconds of `insertMany` of `docs` into a fresh copy of `model`'s collection. */
export async function rawInsert(
  model: IndexedModel,
  docs: readonly Document[]
): Promise<{ ms: number; collection: Collection }> {
  const collection = await freshCollection(model);
  const ms = await timedBatches(docs, (batch) => collection.insertMany(batch, { ordered: false }));
  return { ms, collection };
}

const roIndex = (roNumber: string) => Number(roNumber.slice(2));

/**
 * What a re-import of the corrected export must do at least, with the driver: look up each
 * batch's RO numbers, then update the corrected amounts by _id (one bulkWrite per batch).
 */
export async function rawReimport(
  collection: Collection,
  serviceRecords: readonly Document[]
): Promise<number> {
  return timedBatches(serviceRecords, async (batch) => {
    const found = await collection
      .find({ roNumber: { $in: batch.map((d) => d.roNumber as string) } })
      .toArray();
    const now = new Date();
    const updates: AnyBulkWriteOperation[] = found
      .filter((d) => isCorrected(roIndex(d.roNumber as string)))
      .map((d) => ({
        updateOne: {
          filter: { _id: d._id },
          update: { $set: { amountFen: (d.amountFen as number) + 1000, updatedAt: now } }
        }
      }));
    if (updates.length) await collection.bulkWrite(updates, { ordered: false });
  });
}
