import mongoose, { Schema } from 'mongoose';
import { isDuplicateKeyError } from './errors';

/**
 * Limits how many attempts may be made under one key (a user's logins in a lock window,
 * an owner's vehicle claims in a day). Each attempt first claims a numbered slot
 * `key#n` (n = 1..max) with a unique `_id` insert — atomic on MongoDB and FerretDB — so
 * concurrent requests can never use more than `max` slots, however they interleave.
 */
const attemptSlotSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'attempt_slots' }
);
// Counting and releasing the slots of one key.
attemptSlotSchema.index({ key: 1 });

export const AttemptSlot = mongoose.models.AttemptSlot ?? mongoose.model('AttemptSlot', attemptSlotSchema);

export interface ClaimedSlot {
  id: string;
  /** How many slots remain free after this one. */
  remaining: number;
}

/** Claims the next free slot, or returns null when all `max` are taken. */
export async function claimAttemptSlot(key: string, max: number, at: Date): Promise<ClaimedSlot | null> {
  // Start from 1 so that slots given back (released) are reused.
  for (let n = 1; n <= max; n++) {
    try {
      await AttemptSlot.create({ _id: `${key}#${n}`, key, at });
      const used = await AttemptSlot.countDocuments({ key });
      return { id: `${key}#${n}`, remaining: Math.max(0, max - used) };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  return null;
}

/** Gives a slot back (the attempt succeeded and should not count). */
export async function releaseAttemptSlot(slotId: string): Promise<void> {
  await AttemptSlot.deleteOne({ _id: slotId });
}

/** Frees every slot of a key (e.g. a successful login resets the failure count). */
export async function resetAttempts(key: string): Promise<void> {
  await AttemptSlot.deleteMany({ key });
}

export async function attemptsUsed(key: string): Promise<number> {
  return AttemptSlot.countDocuments({ key });
}
