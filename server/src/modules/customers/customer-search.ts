import mongoose, { Types, type FilterQuery } from 'mongoose';
import type { CustomerFilterQuery } from '@dealer/shared';
import {
  isValidPlate,
  isValidVinFormat,
  normalizeMobile,
  normalizePlate,
  normalizeVin,
  toHalfWidth
} from '@dealer/shared/domain';
import type { StaffAuth } from '../../http/auth-context';
import { Vehicle, type VehicleDoc } from '../vehicles/vehicle.model';
import { customerScope, type CustomerFilter } from './customer.scope';
import { segmentConditions } from './customer-filter';

/** A short plate or VIN tail can match many vehicles; a search result beyond this is noise. */
const MAX_VEHICLE_MATCHES = 1000;

/** User text inside a regular expression must match literally (no ReDoS, no wildcards). */
export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function vehicleConditions(q: string): FilterQuery<VehicleDoc>[] {
  const conditions: FilterQuery<VehicleDoc>[] = [];
  const plate = normalizePlate(q);
  if (plate && isValidPlate(plate)) conditions.push({ plate });
  // Staff often type the plate without the province character, or only its tail.
  else if (plate && /^[A-Z0-9]{5,7}$/.test(plate))
    conditions.push({ plate: new RegExp(`${escapeRegex(plate)}$`) });
  const vin = normalizeVin(q);
  if (vin && isValidVinFormat(vin)) conditions.push({ vin });
  // Owners and receipts quote the last six characters of the VIN.
  else if (vin && /^[A-HJ-NPR-Z0-9]{6}$/.test(vin))
    conditions.push({ vin: new RegExp(`${escapeRegex(vin)}$`) });
  return conditions;
}

/** Customers whose name, mobile, plate or VIN matches the search text (any of them). */
async function searchCondition(q: string, dealershipId: unknown): Promise<CustomerFilter> {
  const alternatives: CustomerFilter[] = [{ name: new RegExp(escapeRegex(q), 'i') }];
  const digits = toHalfWidth(q).replace(/[\s\-()+]/g, '');
  const mobile = normalizeMobile(q);
  if (mobile) alternatives.push({ mobileKey: mobile });
  else if (/^\d{4,10}$/.test(digits)) alternatives.push({ mobileKey: new RegExp(`^${digits}`) });

  const vehicleOr = vehicleConditions(q);
  if (vehicleOr.length > 0) {
    const where: FilterQuery<VehicleDoc> = { $or: vehicleOr };
    if (dealershipId instanceof Types.ObjectId) where.dealershipId = dealershipId;
    const vehicles = await Vehicle.find(where, { customerId: 1 }).limit(MAX_VEHICLE_MATCHES).lean();
    if (vehicles.length > 0) {
      alternatives.push({
        _id: mongoose.trusted({
          $in: [...new Set(vehicles.map((v) => String(v.customerId)))].map((id) => new Types.ObjectId(id))
        })
      });
    }
  }
  return { $or: alternatives };
}

/** The list/export filter: the caller's scope AND the advisor, tag and search filters. */
export async function buildCustomerFilter(
  auth: StaffAuth,
  query: CustomerFilterQuery
): Promise<CustomerFilter> {
  const scope = customerScope(auth, { dealershipId: query.dealershipId });
  const all: CustomerFilter[] = [scope];
  if (query.advisorId) {
    all.push({ advisorId: query.advisorId === 'none' ? null : new Types.ObjectId(query.advisorId) });
  }
  if (query.tag) all.push({ tags: query.tag });
  // The class filters (tier, lifecycle…, bound, consent) map to conditions in one place.
  const { advisorId: _advisor, tag: _tag, q: _q, dealershipId: _dealer, ...classes } = query;
  const byClass = segmentConditions(classes);
  if (Object.keys(byClass).length > 0) all.push(byClass);
  const q = query.q?.trim();
  if (q) all.push(await searchCondition(q, scope.dealershipId));
  return all.length === 1 ? scope : { $and: all };
}
