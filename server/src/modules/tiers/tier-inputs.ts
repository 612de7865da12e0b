import type { Types } from 'mongoose';
import {
  createFeatureAccumulator,
  type CustomerFeatures,
  type PreviousTier,
  type Tier,
  type TierOverride,
  type TierServiceRecord,
  type TierWindow
} from '@dealer/shared/domain/tiers';
import { Customer } from '../customers/customer.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';

/**
 * Reads what a tier run needs, streaming: the dealership's customers in batches of
 * CUSTOMER_BATCH, and for each batch its service records by `customerId $in` (an indexed
 * lookup on MongoDB and, pushed down, on FerretDB), grouped per customer in memory. Memory
 * is one batch of records plus a small summary per customer — never all records at once —
 * and every customer, with or without records, gets features (no records → noVisitTier).
 */

const CUSTOMER_BATCH = 1000;
const RECORD_BATCH = 5000;
const IN_FLIGHT = 2;

/** What is stored on the customer now: a run writes only customers where this changes. */
export interface StoredTier {
  id: Types.ObjectId;
  tier: Tier | null;
  computed: Tier | null;
  score: number | null;
  /** The override the run saw: absent (null), or the one set at this instant. */
  override: { setAt: Date | null } | null;
}

export interface TierInputs {
  features: CustomerFeatures[];
  stored: Map<string, StoredTier>;
  previous: Map<string, PreviousTier>;
  overrides: Map<string, TierOverride>;
  serviceRecords: number;
}

interface CustomerRow {
  _id: Types.ObjectId;
  tier?: Tier | null;
  tierComputed?: Tier | null;
  tierScore?: number | null;
  tierOverride?: (TierOverride & { setAt?: Date }) | null;
}

interface RecordRow {
  customerId: Types.ObjectId;
  dealershipId: Types.ObjectId;
  vehicleId: Types.ObjectId;
  serviceDate: string;
  amountFen: number;
  paid: boolean;
  profitFen?: number | null;
}

/** Vehicle id → car series: ~40 bytes a vehicle, so it is held whole (records are not). */
export async function seriesByVehicle(dealershipId: Types.ObjectId): Promise<Map<string, string>> {
  const series = new Map<string, string>();
  const cursor = Vehicle.collection.find<{ _id: Types.ObjectId; series?: string | null }>(
    { dealershipId },
    { projection: { series: 1 }, batchSize: RECORD_BATCH }
  );
  for await (const v of cursor) if (v.series) series.set(v._id.toHexString(), v.series);
  return series;
}

function remember(inputs: TierInputs, row: CustomerRow): string {
  const id = row._id.toHexString();
  const tier = row.tier ?? null;
  const computed = row.tierComputed ?? null;
  const override = row.tierOverride ? { setAt: row.tierOverride.setAt ?? null } : null;
  inputs.stored.set(id, { id: row._id, tier, computed, score: row.tierScore ?? null, override });
  // Without a computed tier there is no hysteresis anchor; the run fixes previousTier itself.
  if (tier !== null && computed !== null) inputs.previous.set(id, { tier, computedTier: computed });
  const o = row.tierOverride;
  if (o)
    inputs.overrides.set(id, {
      tier: o.tier,
      reason: o.reason,
      expiresAt: o.expiresAt,
      by: o.by,
      byName: o.byName
    });
  return id;
}

async function recordsOf(ids: Types.ObjectId[]): Promise<Map<string, RecordRow[]>> {
  const byCustomer = new Map<string, RecordRow[]>();
  // customerId alone: adding dealershipId could make the planner pick the (dealershipId,
  // roNumber) index and scan the whole dealership per batch. The dealership is checked below.
  const cursor = ServiceRecord.collection.find<RecordRow>(
    { customerId: { $in: ids } },
    {
      projection: {
        customerId: 1,
        dealershipId: 1,
        vehicleId: 1,
        serviceDate: 1,
        amountFen: 1,
        paid: 1,
        profitFen: 1
      },
      batchSize: RECORD_BATCH
    }
  );
  for await (const r of cursor) {
    const key = r.customerId.toHexString();
    const list = byCustomer.get(key);
    if (list === undefined) byCustomer.set(key, [r]);
    else list.push(r);
  }
  return byCustomer;
}

export async function loadTierInputs(
  dealershipId: Types.ObjectId,
  window: TierWindow,
  onProgress: (customers: number) => void = () => undefined
): Promise<TierInputs> {
  const series = await seriesByVehicle(dealershipId);
  const inputs: TierInputs = {
    features: [],
    stored: new Map(),
    previous: new Map(),
    overrides: new Map(),
    serviceRecords: 0
  };
  const dealer = dealershipId.toHexString();

  const summarize = (batch: CustomerRow[], records: Map<string, RecordRow[]>) => {
    for (const row of batch) {
      const id = remember(inputs, row);
      const accumulator = createFeatureAccumulator(id, window);
      for (const r of records.get(id) ?? []) {
        if (r.dealershipId.toHexString() !== dealer) continue;
        inputs.serviceRecords += 1;
        const record: TierServiceRecord = {
          serviceDate: r.serviceDate,
          amountFen: r.amountFen,
          paid: r.paid,
          profitFen: r.profitFen ?? null,
          series: series.get(r.vehicleId.toHexString()) ?? null
        };
        accumulator.add(record);
      }
      inputs.features.push(accumulator.finish());
    }
    onProgress(inputs.features.length);
  };

  // Up to IN_FLIGHT batches' record queries run while earlier ones are summarized and the
  // next customers are read: the database works on several queries at once.
  const inFlight: Array<{ batch: CustomerRow[]; records: Promise<Map<string, RecordRow[]>> }> = [];
  const drainTo = async (size: number) => {
    while (inFlight.length > size) {
      const next = inFlight.shift();
      if (next) summarize(next.batch, await next.records);
    }
  };
  const cursor = Customer.collection.find<CustomerRow>(
    { dealershipId },
    { projection: { tier: 1, tierComputed: 1, tierScore: 1, tierOverride: 1 }, batchSize: CUSTOMER_BATCH }
  );
  let batch: CustomerRow[] = [];
  const dispatch = async () => {
    const records = recordsOf(batch.map((c) => c._id));
    // Handled when drained; attached now so a failure is never unhandled meanwhile.
    records.catch(() => undefined);
    inFlight.push({ batch, records });
    batch = [];
    await drainTo(IN_FLIGHT - 1);
  };
  for await (const row of cursor) {
    batch.push(row);
    if (batch.length === CUSTOMER_BATCH) await dispatch();
  }
  if (batch.length > 0) await dispatch();
  await drainTo(0);
  return inputs;
}
