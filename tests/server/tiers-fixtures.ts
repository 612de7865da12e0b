import { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain';
import { tierSettings, type TierSettingsInput } from '@dealer/shared/domain/tiers';
import { clock } from '../../server/src/lib/clock';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { updateSettings } from '../../server/src/modules/dealerships/dealership.service';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { makeCustomer, makeVehicle, type StaffLogin } from '../support/factories';
import type { TestContext } from '../support/harness';

/** Tier-engine fixtures built straight in the database (records with insertMany: fast). */

export const ASOF = '2025-06-30';
/** The latest visit of every ladder customer; earlier visits go back from it. */
export const LAST_VISIT = '2025-06-01';

export interface Visit {
  date: string;
  yuan: number;
  paid?: boolean;
  type?: string;
}

let ro = 0;

export async function addVisits(
  vehicle: { _id: Types.ObjectId; dealershipId: Types.ObjectId; customerId: Types.ObjectId },
  visits: Visit[]
) {
  const now = clock.now();
  if (visits.length === 0) return;
  await ServiceRecord.insertMany(
    visits.map((v) => ({
      dealershipId: vehicle.dealershipId,
      vehicleId: vehicle._id,
      customerId: vehicle.customerId,
      roNumber: `RO-T${Date.now()}-${++ro}`,
      serviceDate: v.date,
      type: v.type ?? 'regular_maintenance',
      amountFen: v.yuan * 100,
      paid: v.paid ?? true,
      mileageKm: null,
      createdAt: now,
      updatedAt: now
    }))
  );
}

/** A customer with one vehicle of `series` and the given visits. */
export async function customerWithVisits(
  dealershipId: Types.ObjectId,
  name: string,
  series: string,
  visits: Visit[],
  fields: Record<string, unknown> = {}
) {
  const customer = await makeCustomer(dealershipId, { name, ...fields });
  const vehicle = await makeVehicle(customer, { series });
  await addVisits(vehicle, visits);
  return { customer, vehicle, id: String(customer._id) };
}

/**
 * Visits of the customer at ladder position `rank` (0 = best) in a ladder of `size`: more
 * visits, a higher ticket and a shorter interval the better the rank, so all three 4S
 * factors agree and the scores are strictly ordered.
 */
export function ladderVisits(rank: number, size: number): Visit[] {
  const count = size + 1 - rank;
  const interval = 10 + 2 * rank;
  return Array.from({ length: count }, (_, k) => ({
    date: addDays(LAST_VISIT, -k * interval),
    yuan: 2000 - 50 * rank
  }));
}

export async function ladder(dealershipId: Types.ObjectId, size: number, series: string, prefix: string) {
  const members = [];
  for (let rank = 0; rank < size; rank++) {
    members.push(
      await customerWithVisits(
        dealershipId,
        `${prefix}${String(rank).padStart(2, '0')}`,
        series,
        ladderVisits(rank, size)
      )
    );
  }
  return members;
}

export async function setTierSettings(dealershipId: Types.ObjectId, settings: TierSettingsInput) {
  await updateSettings(String(dealershipId), { tiers: tierSettings.parse(settings) });
}

export async function tiersByName(dealershipId: Types.ObjectId): Promise<Record<string, string | null>> {
  const rows = await Customer.find({ dealershipId }, { name: 1, tier: 1 }).lean();
  return Object.fromEntries(rows.map((r) => [r.name, r.tier ?? null]));
}

export function countOf(tiers: Record<string, string | null>, names?: string[]): Record<string, number> {
  const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, none: 0 };
  for (const [name, tier] of Object.entries(tiers))
    if (!names || names.includes(name)) counts[tier ?? 'none'] += 1;
  return counts;
}

/** Polls a tier run through the API until it is no longer running; its last view. */
export async function waitForTierRun(ctx: TestContext, staff: StaffLogin, runId: string, pollMs = 100) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await ctx
      .http()
      .get(`/api/tiers/runs/${encodeURIComponent(runId)}`)
      .set(staff.auth)
      .expect(200);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`run ${runId} did not finish`);
}
