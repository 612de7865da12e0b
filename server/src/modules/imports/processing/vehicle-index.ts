import { Types } from 'mongoose';
import { op } from '../../../lib/query';
import { Vehicle } from '../../vehicles/vehicle.model';

export interface IndexedVehicle {
  _id: Types.ObjectId;
  customerId: Types.ObjectId;
  identityKey: string;
  vin: string | null;
  plate: string | null;
  brand: string;
  series: string;
  model: string;
  deliveryDate: string | null;
  anniversaryKey: string | null;
  usage: string | null;
  mileageKm: number | null;
  mileageDate: string | null;
  mileageSource: string | null;
}

export const vinKey = (vin: string) => `VIN:${vin}`;
export const plateKey = (plate: string) => `PLATE:${plate}`;
export const identityKeyOf = (vin: string | null, plate: string | null) =>
  vin ? vinKey(vin) : plateKey(plate ?? '');

const PROJECTION = {
  _id: 1,
  customerId: 1,
  dealershipId: 1,
  identityKey: 1,
  vin: 1,
  plate: 1,
  brand: 1,
  series: 1,
  model: 1,
  deliveryDate: 1,
  anniversaryKey: 1,
  usage: 1,
  mileageKm: 1,
  mileageDate: 1,
  mileageSource: 1
} as const;

type Lean = Record<string, unknown> & { _id: Types.ObjectId; dealershipId: Types.ObjectId };

function indexed(v: Lean): IndexedVehicle {
  return {
    _id: v._id,
    customerId: v.customerId as Types.ObjectId,
    identityKey: v.identityKey as string,
    vin: (v.vin as string | null) ?? null,
    plate: (v.plate as string | null) ?? null,
    brand: (v.brand as string | undefined) ?? '',
    series: (v.series as string | undefined) ?? '',
    model: (v.model as string | undefined) ?? '',
    deliveryDate: (v.deliveryDate as string | null) ?? null,
    anniversaryKey: (v.anniversaryKey as string | null) ?? null,
    usage: (v.usage as string | null) ?? null,
    mileageKm: (v.mileageKm as number | null) ?? null,
    mileageDate: (v.mileageDate as string | null) ?? null,
    mileageSource: (v.mileageSource as string | null) ?? null
  };
}

/**
 * "Find the vehicle by VIN, else by plate" within one dealership, for one batch of rows.
 * With a VIN the VIN decides; its plate only finds a vehicle recorded without any VIN (a
 * different VIN on the same plate is another car). Without a VIN the plate decides; when
 * several vehicles carry it (re-issued plates) the most recently created wins.
 */
export class VehicleIndex {
  private readonly byKey = new Map<string, IndexedVehicle>();
  private readonly byPlate = new Map<string, IndexedVehicle>();

  /** A fresh index holding the vehicles of these rows. */
  static async load(
    dealershipId: Types.ObjectId,
    rows: readonly { vin: string | null; plate: string | null }[]
  ): Promise<VehicleIndex> {
    const index = new VehicleIndex();
    await index.include(dealershipId, rows);
    return index;
  }

  get size(): number {
    return this.byKey.size;
  }

  clear(): void {
    this.byKey.clear();
    this.byPlate.clear();
  }

  /**
   * Reads the vehicles of these rows not known yet: at most two indexed reads. The filters
   * name only the key field, not the dealership: FerretDB's SQLite pushdown picks one
   * index per query and, given the dealership too, drives by it (reading every vehicle of
   * the dealership) once the key list is long. Other dealerships' vehicles are dropped here.
   */
  async include(
    dealershipId: Types.ObjectId,
    rows: readonly { vin: string | null; plate: string | null }[]
  ): Promise<void> {
    const missing = rows.filter((r) => this.find(r.vin, r.plate) === null);
    const keys = new Set<string>();
    for (const r of missing) {
      if (r.vin) keys.add(vinKey(r.vin));
      if (r.plate) keys.add(plateKey(r.plate));
    }
    await this.fetch(dealershipId, { identityKey: op.in([...keys]) }, keys.size);
    const plates = new Set(
      missing
        .filter((r) => !r.vin && r.plate && this.find(null, r.plate) === null)
        .map((r) => r.plate as string)
    );
    await this.fetch(dealershipId, { plate: op.in([...plates]) }, plates.size);
  }

  private async fetch(
    dealershipId: Types.ObjectId,
    filter: Record<string, unknown>,
    size: number
  ): Promise<void> {
    if (size === 0) return;
    const found = await Vehicle.find(filter, PROJECTION).lean<Lean[]>();
    for (const v of found) if (v.dealershipId.equals(dealershipId)) this.put(indexed(v));
  }

  put(vehicle: IndexedVehicle): void {
    this.byKey.set(vehicle.identityKey, vehicle);
    if (vehicle.plate) {
      const current = this.byPlate.get(vehicle.plate);
      if (!current || current._id.getTimestamp() <= vehicle._id.getTimestamp())
        this.byPlate.set(vehicle.plate, vehicle);
    }
  }

  find(vin: string | null, plate: string | null): IndexedVehicle | null {
    if (vin) {
      const byVin = this.byKey.get(vinKey(vin));
      if (byVin) return byVin;
      return plate ? (this.byKey.get(plateKey(plate)) ?? null) : null;
    }
    if (!plate) return null;
    return this.byKey.get(plateKey(plate)) ?? this.byPlate.get(plate) ?? null;
  }
}
