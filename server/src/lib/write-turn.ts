import mongoose, { Schema } from 'mongoose';
import { clock } from './clock';
import { conflict, isDuplicateKeyError } from './errors';

/**
 * One writer at a time per document, for documents that several requests edit (dealership
 * settings, care rules). FerretDB applies an update by reading the document and writing it
 * back whole, so two concurrent `$set`s of *different* fields of one document can still lose
 * one of them (measured: 5 of 100 concurrent field writes lost). The writer therefore takes a
 * turn first: a unique insert of `<key>:<next revision>:<generation>`, then writes its fields
 * together with the new revision. Whoever loses the insert waits for the winner's revision
 * and tries the one after. A turn whose holder died (older than TURN_LEASE_MS without the
 * revision appearing) is taken over under the next generation. Turns are kept: they are the
 * edit log, one small document per edit.
 */
const writeTurnSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'write_turns' }
);
export const WriteTurn = mongoose.model('WriteTurn', writeTurnSchema);

export const TURN_LEASE_MS = 5_000;
const GIVE_UP_MS = 15_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface TurnWork<T> {
  /** The document's revision now, read from the database (0 for a document never edited this way). */
  revision(): Promise<number>;
  /** Reads what it needs and writes its fields together with `revision: next`. */
  write(next: number): Promise<T>;
}

export async function inWriteTurn<T>(key: string, work: TurnWork<T>): Promise<T> {
  const deadline = Date.now() + GIVE_UP_MS;
  while (Date.now() < deadline) {
    const current = await work.revision();
    const next = current + 1;
    let generation = 0;
    while (Date.now() < deadline) {
      const id = `${key}:${next}:${generation}`;
      if (await claim(id)) {
        // A turn claimed from a stale read of the revision is not a turn: give it back.
        if ((await work.revision()) !== current) {
          await WriteTurn.deleteOne({ _id: id });
          break;
        }
        try {
          return await work.write(next);
        } catch (err) {
          await WriteTurn.deleteOne({ _id: id });
          throw err;
        }
      }
      const holder = await WriteTurn.findById(id).lean();
      // Given back (its write failed) between our insert and this read: try the same turn again.
      if (!holder) continue;
      if (clock.now().getTime() - holder.at.getTime() < TURN_LEASE_MS) {
        await sleep(5 + Math.random() * 20);
        break;
      }
      // The holder stopped before writing, or wrote just now: the revision tells which.
      if ((await work.revision()) !== current) break;
      generation++;
    }
  }
  throw conflict('EDIT_CONFLICT', '其他人正在修改，请稍后重试');
}

async function claim(id: string): Promise<boolean> {
  try {
    await WriteTurn.create({ _id: id, at: clock.now() });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
