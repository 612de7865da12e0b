import type { CustomerArchive } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { recordAccess } from '../access-log/access-log.service';
import { recentContacts } from '../contacts/contact.service';
import { loadSettings } from '../dealerships/dealership.service';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';
import { presentVehicle } from './customer-vehicle.present';
import { presentCustomer, staffNames } from './customer.present';
import { loadCustomerFor } from './customer.scope';

const RECENT_LIMIT = 50;

async function recentServiceRecords(customerId: unknown) {
  const rows = await ServiceRecord.find({ customerId })
    .sort({ serviceDate: -1, _id: -1 })
    .limit(RECENT_LIMIT)
    .lean();
  return rows.map((r) => ({
    id: String(r._id),
    vehicleId: String(r.vehicleId),
    roNumber: r.roNumber,
    serviceDate: r.serviceDate,
    type: r.type,
    amountFen: r.amountFen,
    paid: r.paid,
    payer: r.payer ?? null,
    mileageKm: r.mileageKm ?? null,
    advisorName: r.advisorName ?? null,
    items: r.items ?? []
  }));
}

/**
 * The whole archive in one answer. The scope check comes first (a refused view records
 * nothing); the independent reads then run together; the view is logged before answering,
 * so no archive leaves the server without its access-log entry.
 */
export async function viewArchive(auth: StaffAuth, id: string, requestId: string): Promise<CustomerArchive> {
  const customer = await loadCustomerFor(auth, id);
  const [vehicles, serviceRecords, contacts, settings, names] = await Promise.all([
    Vehicle.find({ customerId: customer._id, dealershipId: customer.dealershipId })
      .sort({ createdAt: 1, _id: 1 })
      .lean(),
    recentServiceRecords(customer._id),
    recentContacts(customer._id, RECENT_LIMIT),
    loadSettings(customer.dealershipId),
    staffNames([customer.advisorId, customer.secondContactId])
  ]);
  const today = shanghaiDate(clock.now());
  await recordAccess({ auth, action: 'view', dealershipId: customer.dealershipId, customer, requestId });
  return {
    customer: presentCustomer(customer, names),
    vehicles: vehicles.map((v) => presentVehicle(v, settings, today)),
    serviceRecords,
    contacts
  };
}
