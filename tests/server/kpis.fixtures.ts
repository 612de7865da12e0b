import { Types } from 'mongoose';
import { BindingEvent } from '../../server/src/modules/bindings/binding.model';
import { makeCustomer, makeServiceRecord, makeVehicle } from '../support/factories';

/**
 * Small builders for KPI fixtures: customers with explicit creation days and tiers, visits
 * on explicit days, binding events at explicit instants. Dates are the ones in docs/metrics.md.
 */

type CustomerFields = Record<string, unknown>;

export interface FixtureCustomer {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  vehicle: { _id: Types.ObjectId; dealershipId: Types.ObjectId; customerId: Types.ObjectId };
}

/** An archive created 2023-01-01 (before every example period) with one vehicle without a delivery date. */
export async function customer(
  dealershipId: Types.ObjectId | string,
  fields: CustomerFields = {},
  vehicle: CustomerFields = {}
): Promise<FixtureCustomer> {
  const c = await makeCustomer(dealershipId, { createdAt: new Date('2023-01-01T02:00:00Z'), ...fields });
  const v = await makeVehicle(c, { deliveryDate: null, ...vehicle });
  return {
    _id: c._id,
    dealershipId: c.dealershipId,
    vehicle: { _id: v._id, dealershipId: v.dealershipId, customerId: c._id }
  };
}

/**
 * A repair order: paid general repair unless told otherwise, without an odometer figure
 * unless told (`mileageKm`): the return-rate examples are due by time unless a test gives
 * readings that make them due by mileage first.
 */
export async function visit(c: FixtureCustomer, serviceDate: string, fields: CustomerFields = {}) {
  return makeServiceRecord(c.vehicle, {
    serviceDate,
    type: 'general_repair',
    paid: true,
    mileageKm: null,
    ...fields
  });
}

export const unpaid = { paid: false, type: 'warranty' };
export const maintenance = { type: 'regular_maintenance', paid: true };

/** Appends a bind / unbind event at an instant (ISO with offset). */
export async function bindingEvent(
  c: FixtureCustomer,
  type: 'bind' | 'unbind',
  at: string,
  ownerId = new Types.ObjectId()
) {
  await BindingEvent.create({
    type,
    ownerId,
    dealershipId: c.dealershipId,
    customerId: c._id,
    source: 'qr_dealership',
    at: new Date(at)
  });
  return ownerId;
}

/** Day midnight in Shanghai, as an instant. */
export const shanghai = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);
