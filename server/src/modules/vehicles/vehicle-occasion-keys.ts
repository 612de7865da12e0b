import type { Types } from 'mongoose';
import { inUpdateChunks } from '../../lib/jobs/bulk-write';
import { anniversaryKeyOf } from '../../lib/occasion-keys';
import { op } from '../../lib/query';
import { Vehicle } from './vehicle.model';

/**
 * Derives `anniversaryKey` for the dealership's vehicles that lack it (written around
 * mongoose: raw imports, older data); the schema plugin keeps it for every other write.
 * Returns how many.
 */
export async function backfillAnniversaryKeys(
  dealershipId: Types.ObjectId,
  batchSize: number
): Promise<number> {
  const vehicles = await Vehicle.find(
    { dealershipId, anniversaryKey: op.exists(false) },
    { deliveryDate: 1 }
  ).lean();
  for (let i = 0; i < vehicles.length; i += batchSize) {
    const chunk = vehicles.slice(i, i + batchSize);
    await inUpdateChunks(chunk, (part) =>
      Vehicle.bulkWrite(
        part.map((v) => ({
          updateOne: {
            filter: { _id: v._id },
            update: { $set: { anniversaryKey: anniversaryKeyOf(v.deliveryDate) } }
          }
        }))
      )
    );
  }
  return vehicles.length;
}
