import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { op } from '../../lib/query';
import { SubscriptionGrant, SubscriptionSpend } from './subscription.model';

const oid = (id: Types.ObjectId | string) => new Types.ObjectId(String(id));
const pairKey = (ownerId: Types.ObjectId | string, templateId: string) => `${String(ownerId)}:${templateId}`;

/**
 * Adds one grant (an `accept`). The next number is read, then claimed by a unique insert:
 * two reports at once both read n and one of them retries with n + 1. A retried report
 * (same requestId) adds nothing.
 */
export async function addGrant(ownerId: string, templateId: string, requestId?: string): Promise<boolean> {
  const owner = oid(ownerId);
  const requestKey = requestId ? `${ownerId}:${requestId}:${templateId}` : null;
  for (let tries = 0; tries < 20; tries++) {
    const last = await SubscriptionGrant.find({ ownerId: owner, templateId }).sort({ n: -1 }).limit(1).lean();
    const n = (last[0]?.n ?? 0) + 1;
    const _id = `${ownerId}:${templateId}:${n}`;
    try {
      await SubscriptionGrant.create({
        _id,
        ownerId: owner,
        templateId,
        n,
        requestKey: requestKey ?? `none:${_id}`,
        grantedAt: clock.now()
      });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      if (requestKey && (await SubscriptionGrant.exists({ requestKey }))) return false;
    }
  }
  throw new Error('could not record the subscription grant: too much contention');
}

/**
 * Unspent grants per `<owner>:<template>` pair, oldest first. The spends are read by the
 * grants' ids (a spend's `_id` is its grant's), and only when there are grants: most owners
 * asked about have none left, and then this is one read.
 */
async function unspentGrants(
  ownerIds: readonly Types.ObjectId[],
  templateIds: readonly string[]
): Promise<Map<string, string[]>> {
  const grants = await SubscriptionGrant.find(
    { ownerId: op.in(ownerIds), templateId: op.in(templateIds) },
    { _id: 1, ownerId: 1, templateId: 1, n: 1 }
  ).lean();
  if (grants.length === 0) return new Map();
  const spends = await SubscriptionSpend.find({ _id: op.in(grants.map((g) => g._id)) }, { _id: 1 }).lean();
  const spent = new Set(spends.map((s) => s._id));
  const byPair = new Map<string, Array<{ id: string; n: number }>>();
  for (const g of grants) {
    if (spent.has(g._id)) continue;
    const key = pairKey(g.ownerId, g.templateId);
    byPair.set(key, [...(byPair.get(key) ?? []), { id: g._id, n: g.n }]);
  }
  return new Map([...byPair].map(([k, list]) => [k, list.sort((a, b) => a.n - b.n).map((g) => g.id)]));
}

/** Remaining quota per template for one owner. */
export async function remainingQuota(
  ownerId: string,
  templateIds: readonly string[]
): Promise<Record<string, number>> {
  const unspent = await unspentGrants([oid(ownerId)], templateIds);
  return Object.fromEntries(templateIds.map((t) => [t, unspent.get(pairKey(ownerId, t))?.length ?? 0]));
}

export interface SpendRequest {
  dispatchId: string;
  ownerId: Types.ObjectId;
  templateId: string;
}

export interface Spent {
  grantId: string;
  /** Unspent grants the owner still has for the template after this one. */
  spare: number;
  /** The dispatch already held this grant (a resumed send). */
  resumed: boolean;
}

/**
 * Spends one grant for each dispatch, in batches: a dispatch that already holds a grant
 * keeps it; the others take an unspent one each through a unique insert keyed by the
 * grant. A lost race (another sender took that grant) is retried with fresh reads. Null
 * for a dispatch whose owner has no quota left.
 */
export async function spendGrants(
  requests: readonly SpendRequest[],
  fresh: ReadonlySet<string> = new Set()
): Promise<Map<string, Spent | null>> {
  const result = new Map<string, Spent | null>();
  let todo = [...requests];
  for (let round = 0; todo.length > 0 && round < 5; round++) {
    // A dispatch created a moment ago by the caller cannot hold a grant yet (first round).
    const known = todo.filter((r) => round > 0 || !fresh.has(r.dispatchId)).map((r) => r.dispatchId);
    const held = known.length ? await SubscriptionSpend.find({ dispatchId: op.in(known) }).lean() : [];
    const heldBy = new Map(held.map((s) => [s.dispatchId, s._id]));
    const owners = [...new Map(todo.map((r) => [String(r.ownerId), r.ownerId])).values()];
    const unspent = await unspentGrants(owners, [...new Set(todo.map((r) => r.templateId))]);
    const attempts: Array<{ req: SpendRequest; grantId: string; spare: number }> = [];
    for (const req of todo) {
      const holding = heldBy.get(req.dispatchId);
      const free = unspent.get(pairKey(req.ownerId, req.templateId)) ?? [];
      if (holding) result.set(req.dispatchId, { grantId: holding, spare: free.length, resumed: true });
      else if (free.length === 0) result.set(req.dispatchId, null);
      else {
        const grantId = free.shift() as string;
        attempts.push({ req, grantId, spare: free.length });
      }
    }
    const now = clock.now();
    const inserted = await insertManyUnique(
      SubscriptionSpend,
      attempts.map((a) => ({
        _id: a.grantId,
        ownerId: a.req.ownerId,
        templateId: a.req.templateId,
        dispatchId: a.req.dispatchId,
        spentAt: now
      }))
    );
    todo = [];
    attempts.forEach((a, i) => {
      if (inserted[i]) result.set(a.req.dispatchId, { grantId: a.grantId, spare: a.spare, resumed: false });
      else todo.push(a.req);
    });
  }
  for (const req of todo) result.set(req.dispatchId, null);
  return result;
}

/** Unspent grants an owner has for a template (deciding whether a resend could duplicate). */
export async function spareGrants(ownerId: Types.ObjectId, templateId: string): Promise<number> {
  return (await unspentGrants([ownerId], [templateId])).get(pairKey(ownerId, templateId))?.length ?? 0;
}

/** Remaining quota per `<ownerId>:<templateId>` for many owners (the care preview). */
export async function remainingForOwners(
  ownerIds: readonly Types.ObjectId[],
  templateIds: readonly string[]
): Promise<(ownerId: Types.ObjectId, templateId: string) => number> {
  const unspent =
    ownerIds.length && templateIds.length
      ? await unspentGrants(ownerIds, templateIds)
      : new Map<string, string[]>();
  return (ownerId, templateId) => unspent.get(pairKey(ownerId, templateId))?.length ?? 0;
}
