import { createHash } from 'node:crypto';

/** Buckets 0…9999: a percent of 12.5 would be 1,250 of them. */
const BUCKETS = 10_000;

/**
 * Whether a vehicle is in its dealership's control group (no reminders), stable and random:
 * the vehicle's bucket is a hash of dealership and vehicle, so it stays in (or out) across
 * refreshes, and raising the share only adds vehicles to the group.
 */
export function inControlGroup(dealershipId: string, vehicleId: string, percent: number): boolean {
  const digest = createHash('sha256').update(`due-control:${dealershipId}:${vehicleId}`).digest();
  return digest.readUInt32BE(0) % BUCKETS < Math.round(percent * (BUCKETS / 100));
}
