import { Types } from 'mongoose';
import type { z } from 'zod';
import type { ownerComplaintRequest } from '@dealer/shared';
import { badRequest, notFound } from '../../lib/errors';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';
import { ownerCustomers } from './aftercare.policy';
import { openComplaint } from './complaint.service';
import { presentForOwner } from './complaint-query';

type Input = z.infer<typeof ownerComplaintRequest>;

/** Whether a visit key names a visit of this customer (a repair order or a delivered vehicle). */
async function isVisitOf(visitKey: string, customerId: Types.ObjectId): Promise<boolean> {
  const [kind, id] = visitKey.split(':');
  const _id = new Types.ObjectId(id);
  if (kind === 'ro') return (await ServiceRecord.countDocuments({ _id, customerId })) > 0;
  return (await Vehicle.countDocuments({ _id, customerId })) > 0;
}

/** An owner files a complaint about a visit of theirs, or in general, at a dealership they are bound to. */
export async function fileOwnerComplaint(ownerId: string, input: Input) {
  const customers = await ownerCustomers(ownerId);
  const candidates = input.dealershipId
    ? customers.filter((c) => String(c.dealershipId) === input.dealershipId)
    : customers;
  if (candidates.length === 0) throw notFound('门店绑定', 'BINDING_NOT_FOUND');
  if (candidates.length > 1) throw badRequest('DEALERSHIP_REQUIRED', '请选择投诉的门店（dealershipId）');
  const customer = candidates[0];
  if (input.visitKey && !(await isVisitOf(input.visitKey, customer._id)))
    throw notFound('到店记录', 'VISIT_NOT_FOUND');
  const complaint = await openComplaint({
    key: `owner:${String(new Types.ObjectId())}`,
    customer,
    source: 'owner',
    visitKey: input.visitKey ?? null,
    category: input.category,
    text: input.text,
    by: 'owner',
    byName: '车主'
  });
  const [view] = await presentForOwner([complaint]);
  return view;
}
