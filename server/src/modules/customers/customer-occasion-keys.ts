import type { Types } from 'mongoose';
import { inUpdateChunks } from '../../lib/jobs/bulk-write';
import { birthdayKeyOf } from '../../lib/occasion-keys';
import { op } from '../../lib/query';
import { Customer } from './customer.model';

/**
 * Derives `birthdayKey` for the dealership's archives that lack it (written around mongoose:
 * raw imports, older data); the schema plugin keeps it for every other write. Returns how many.
 */
export async function backfillBirthdayKeys(dealershipId: Types.ObjectId, batchSize: number): Promise<number> {
  const customers = await Customer.find(
    { dealershipId, birthdayKey: op.exists(false) },
    { birthday: 1 }
  ).lean();
  for (let i = 0; i < customers.length; i += batchSize) {
    const chunk = customers.slice(i, i + batchSize);
    await inUpdateChunks(chunk, (part) =>
      Customer.bulkWrite(
        part.map((c) => ({
          updateOne: { filter: { _id: c._id }, update: { $set: { birthdayKey: birthdayKeyOf(c.birthday) } } }
        }))
      )
    );
  }
  return customers.length;
}
