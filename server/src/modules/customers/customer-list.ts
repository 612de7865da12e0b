import mongoose, { Types } from 'mongoose';
import type { CustomerListQuery } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { Vehicle } from '../vehicles/vehicle.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Customer } from './customer.model';
import { presentListItem, staffNames } from './customer.present';
import { buildCustomerFilter } from './customer-search';

/** Vehicles per customer for one page ($group with $sum works on FerretDB too). */
export async function vehicleCountsOf(ids: Types.ObjectId[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await Vehicle.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { customerId: { $in: ids } } },
    { $group: { _id: '$customerId', n: { $sum: 1 } } }
  ]);
  return new Map(rows.map((r) => [String(r._id), r.n]));
}

/**
 * Latest service date per customer for one page. FerretDB has no $max accumulator, so this
 * reads the page's records newest first (index customerId+serviceDate) and keeps the first.
 */
export async function lastServiceDatesOf(ids: Types.ObjectId[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  if (ids.length === 0) return latest;
  const rows = await ServiceRecord.find(
    { customerId: mongoose.trusted({ $in: ids }) },
    { customerId: 1, serviceDate: 1 }
  )
    .sort({ serviceDate: -1 })
    .lean();
  for (const r of rows) {
    const key = String(r.customerId);
    if (!latest.has(key)) latest.set(key, r.serviceDate);
  }
  return latest;
}

/** The customer list: scoped, filtered, newest-updated first, with per-page extras. */
export async function listCustomers(auth: StaffAuth, query: CustomerListQuery) {
  const filter = await buildCustomerFilter(auth, query);
  const [rows, total] = await Promise.all([
    Customer.find(filter)
      .sort({ updatedAt: -1, _id: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    Customer.countDocuments(filter)
  ]);
  const ids = rows.map((r) => r._id);
  const [names, vehicleCounts, lastServiceDates] = await Promise.all([
    staffNames(rows.map((r) => r.advisorId)),
    vehicleCountsOf(ids),
    lastServiceDatesOf(ids)
  ]);
  return {
    items: rows.map((r) => presentListItem(r, { names, vehicleCounts, lastServiceDates })),
    total,
    page: query.page,
    pageSize: query.pageSize
  };
}
