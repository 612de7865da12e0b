/**
 * Concurrent booking attempts (issue 8): BENCH_BOOKING_ATTEMPTS (default 1,000) attempts at
 * once, each for its own customer and vehicle, spread evenly over 20 half-hour blocks (10 on
 * each of two days; a day has at most 12) with 5 bays each (100 seats). The measured path is `createBooking` as both booking
 * routes call it: settings, block rules, the vehicle's and owner's open-booking claims, the
 * seat claim (count, numbered unique inserts, orphan check when full), the booking insert,
 * the confirmation message queued through the care engine; losers give their claims back.
 * Baseline in the same run: the bare seat claims — each attempt inserts
 * `seat:<…>:<n>` for n = 1..5 with the driver until one succeeds or all are taken.
 * Each round uses a fresh dealership (fresh blocks); the two alternate. Checks: exactly 100
 * bookings and 100 seat claims, none of the 20 blocks above 5 — zero overbooking.
 *
 *   npx tsx tests/bench/booking.bench.ts      (BENCH_BOOKING_ATTEMPTS=200 to smoke-test)
 */
import mongoose, { Types } from 'mongoose';
import { ensureIndexes, disconnectDatabase } from '../../server/src/lib/db';
import { clock } from '../../server/src/lib/clock';
import { isDuplicateKeyError } from '../../server/src/lib/errors';
import '../../server/src/composition';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { Booking, BookingClaim } from '../../server/src/modules/bookings/booking.model';
import { createBooking } from '../../server/src/modules/bookings/booking.service';
import { updateBookingSettings } from '../../server/src/modules/bookings/booking-settings.service';
import type { VehicleRecord } from '../../server/src/modules/bindings/owner-vehicle.service';
import { connectForBench } from './command-profile';
import {
  alternate,
  engineName,
  envInt,
  loadNow,
  perRoundRow,
  ROUNDS,
  runStandalone,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';

const ATTEMPTS = envInt('BENCH_BOOKING_ATTEMPTS', 1000);
/** 20 blocks: 10 a day (a day has at most 12) over two days. */
const DAYS = ['2026-12-08', '2026-12-09'];
const BLOCKS_A_DAY = 10;
const BLOCKS = DAYS.length * BLOCKS_A_DAY;
const SEATS = 5;
const NOW = new Date('2026-12-07T10:00:00+08:00');
const TYPE = 'regular_maintenance';

/** Half-hour blocks from 08:00. */
const blocks = Array.from({ length: BLOCKS_A_DAY }, (_, i) => {
  const at = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return { start: at(480 + 30 * i), end: at(510 + 30 * i) };
});
const blockIdOf = (b: { start: string; end: string }) =>
  `${b.start.replace(':', '')}-${b.end.replace(':', '')}`;
/** Attempt i goes for block i mod 20: the attempts are spread evenly. */
const slotOf = (i: number) => ({
  day: DAYS[Math.floor((i % BLOCKS) / BLOCKS_A_DAY)],
  blockId: blockIdOf(blocks[i % BLOCKS_A_DAY])
});

interface Party {
  customer: { _id: Types.ObjectId; name: string; advisorId: null };
  vehicle: VehicleRecord;
}

let dealerSeq = 0;
async function freshDealership(): Promise<{ dealershipId: Types.ObjectId; parties: Party[] }> {
  const dealership = await createDealership({
    code: `BK${++dealerSeq}${Date.now() % 10_000}`,
    name: '预约基准门店'
  });
  const dealershipId = dealership._id;
  await updateBookingSettings(String(dealershipId), {
    blocks,
    capacity: { first_maintenance: 0, regular_maintenance: SEATS, repair: 0, bodywork: 0, other: 0 },
    closedOnPublicHolidays: false
  });
  const now = clock.now();
  const customerIds = Array.from({ length: ATTEMPTS }, () => new Types.ObjectId());
  await Customer.collection.insertMany(
    customerIds.map((_id, i) => ({
      _id,
      dealershipId,
      name: `车主${i}`,
      mobile: null,
      mobileKey: `none:${_id}`,
      source: 'dms_import',
      tags: [],
      advisorId: null,
      ownerId: null,
      isProspect: false,
      birthdayKey: 'none',
      consent: { marketing: false, updatedAt: null },
      createdAt: now,
      updatedAt: now
    })),
    { ordered: false }
  );
  await Vehicle.collection.insertMany(
    customerIds.map((customerId, i) => ({
      _id: new Types.ObjectId(),
      dealershipId,
      customerId,
      plate: null,
      vin: `BKVIN${dealerSeq}X${i}`,
      identityKey: `VIN:BKVIN${dealerSeq}X${i}`,
      brand: '大众',
      series: '朗逸',
      model: '1.5L',
      usage: 'private',
      createdAt: now,
      updatedAt: now
    })),
    { ordered: false }
  );
  const records = await Vehicle.find({ dealershipId }).lean<VehicleRecord[]>();
  const byCustomer = new Map(records.map((v) => [String(v.customerId), v]));
  return {
    dealershipId,
    parties: customerIds.map((_id, i) => ({
      customer: { _id, name: `车主${i}`, advisorId: null },
      vehicle: byCustomer.get(String(_id)) as VehicleRecord
    }))
  };
}

/** All attempts at once; attempts per second and how many won. */
async function timed(attempts: Array<() => Promise<boolean>>): Promise<{ perSecond: number; won: number }> {
  const started = performance.now();
  const results = await Promise.all(attempts.map((a) => a()));
  const ms = performance.now() - started;
  return { perSecond: (attempts.length * 1000) / ms, won: results.filter(Boolean).length };
}

async function expectNoOverbooking(
  dealershipId: Types.ObjectId,
  won: number,
  bookings: boolean
): Promise<void> {
  const claims = await BookingClaim.find({ dealershipId, kind: 'seat' }, { day: 1, slotKey: 1 }).lean();
  const perBlock = new Map<string, number>();
  for (const c of claims)
    perBlock.set(`${c.day}|${c.slotKey}`, (perBlock.get(`${c.day}|${c.slotKey}`) ?? 0) + 1);
  const worst = Math.max(...perBlock.values());
  const booked = bookings ? await Booking.countDocuments({ dealershipId, status: 'booked' }) : claims.length;
  if (won !== BLOCKS * SEATS || claims.length !== won || booked !== won || worst > SEATS)
    throw new Error(
      `overbooked or lost seats: won ${won}, claims ${claims.length}, bookings ${booked}, worst block ${worst}`
    );
}

async function bookingRound(): Promise<number> {
  const { dealershipId, parties } = await freshDealership();
  const result = await timed(
    parties.map((p, i) => async () => {
      try {
        await createBooking({
          customer: p.customer,
          vehicle: p.vehicle,
          serviceType: TYPE,
          ...slotOf(i),
          by: { kind: 'staff', staffId: String(new Types.ObjectId()), isAdvisor: false }
        });
        return true;
      } catch (err) {
        if ((err as { code?: string }).code === 'SLOT_FULL') return false;
        throw err;
      }
    })
  );
  await expectNoOverbooking(dealershipId, result.won, true);
  return result.perSecond;
}

async function bareRound(): Promise<number> {
  const dealershipId = new Types.ObjectId();
  const result = await timed(
    Array.from({ length: ATTEMPTS }, (_, i) => async () => {
      const { day, blockId } = slotOf(i);
      const bookingId = new Types.ObjectId();
      for (let n = 1; n <= SEATS; n++) {
        try {
          await BookingClaim.collection.insertOne({
            _id: `seat:${dealershipId}:${day}:${blockId}:${TYPE}:${n}` as unknown as Types.ObjectId,
            kind: 'seat',
            bookingId,
            dealershipId,
            day,
            slotKey: `${blockId}:${TYPE}`,
            at: new Date()
          });
          return true;
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      return false;
    })
  );
  await expectNoOverbooking(dealershipId, result.won, false);
  return result.perSecond;
}

export async function benchBooking(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-booking');
  clock.set(() => NOW);
  try {
    const profile = await connectForBench(database.uri('bench_booking'));
    await mongoose.connection.db?.dropDatabase();
    await ensureIndexes();
    const engine = await engineName();
    const loadBefore = loadNow();
    const r = await alternate(rounds, { bare: bareRound, booking: bookingRound });
    const ratios = r.booking.map((b, i) => b / r.bare[i]);
    if (profile) process.stderr.write(`${profile.report()}\n`);
    return [
      perRoundRow(
        `${ATTEMPTS.toLocaleString('en-US')} concurrent booking attempts, ${BLOCKS} blocks × ${SEATS} seats (createBooking vs bare seat inserts)`,
        `booking ${spread(r.booking)} attempts/s vs bare unique-insert claims ${spread(r.bare)} attempts/s; ` +
          `${BLOCKS * SEATS} booked, 0 overbooked in every round; ${engine}, load ${loadBefore}→${loadNow()}`,
        ratios,
        { kind: 'atLeast', value: 0.5 }
      )
    ];
  } finally {
    clock.set(null);
    await disconnectDatabase();
    await database.db.stop();
  }
}

if (require.main === module) runStandalone(benchBooking);
