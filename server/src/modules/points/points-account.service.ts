import { Types } from 'mongoose';
import type { PointsAccountView } from '@dealer/shared';
import { notFound } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import { Dealership } from '../dealerships/dealership.model';
import { readHead } from './points-ledger';
import { PointsEntry } from './points-ledger.model';
import { expiringSchedule } from './points-lots';
import { presentEntry } from './points.present';
import { op } from '../../lib/query';

/** Reading accounts: the owner's own (through their bound archives), a staff member's dealership's. */

async function accountView(
  customer: { _id: Types.ObjectId; dealershipId: Types.ObjectId },
  dealershipName: string
): Promise<PointsAccountView> {
  const head = await readHead({
    accountId: String(customer._id),
    dealershipId: String(customer.dealershipId)
  });
  return {
    dealershipId: String(customer.dealershipId),
    dealershipName,
    customerId: String(customer._id),
    balance: head.balance,
    expiring: expiringSchedule(head.lots)
  };
}

async function dealershipNames(ids: Types.ObjectId[]): Promise<Map<string, string>> {
  const rows = await Dealership.find({ _id: op.in(ids) }, { name: 1 }).lean();
  return new Map(rows.map((d) => [String(d._id), d.name]));
}

/** The owner's archives, one per dealership they are bound to. */
export async function ownerArchives(ownerId: string) {
  return Customer.find(
    { ownerId: new Types.ObjectId(ownerId) },
    { dealershipId: 1, name: 1, tier: 1 }
  ).lean();
}

/** The owner's archive at one dealership (404 when they are not bound there). */
export async function ownerArchiveAt(ownerId: string, dealershipId: string) {
  const archive = await Customer.findOne(
    { ownerId: new Types.ObjectId(ownerId), dealershipId: new Types.ObjectId(dealershipId) },
    { dealershipId: 1, name: 1, tier: 1 }
  ).lean();
  if (!archive) throw notFound('该门店的会员账户', 'POINTS_ACCOUNT_NOT_FOUND');
  return archive;
}

export async function myAccounts(ownerId: string): Promise<PointsAccountView[]> {
  const archives = await ownerArchives(ownerId);
  const names = await dealershipNames(archives.map((a) => a.dealershipId));
  return Promise.all(archives.map((a) => accountView(a, names.get(String(a.dealershipId)) ?? '')));
}

export async function historyOf(customerId: Types.ObjectId, page: number, pageSize: number) {
  const filter = { accountId: customerId };
  const [items, total] = await Promise.all([
    PointsEntry.find(filter)
      .sort({ seq: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean(),
    PointsEntry.countDocuments(filter)
  ]);
  return { items: items.map(presentEntry), total, page, pageSize };
}

export async function myHistory(ownerId: string, dealershipId: string, page: number, pageSize: number) {
  const archive = await ownerArchiveAt(ownerId, dealershipId);
  return historyOf(archive._id, page, pageSize);
}

/** Staff: a customer's account at a dealership they act on (out of scope: 404). */
export async function customerAccount(customerId: string, mayActOn: (dealershipId: string) => boolean) {
  const customer = await Customer.findById(customerId, { dealershipId: 1 }).lean();
  if (!customer || !mayActOn(String(customer.dealershipId))) throw notFound('客户');
  const names = await dealershipNames([customer.dealershipId]);
  const account = await accountView(customer, names.get(String(customer.dealershipId)) ?? '');
  const recent = await historyOf(customer._id, 1, 20);
  return { account, recent: recent.items };
}
