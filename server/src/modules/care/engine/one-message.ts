import { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../../lib/clock';
import type { JobContext } from '../../../lib/jobs/define';
import { insertManyUnique } from '../../../lib/jobs/unique-insert';
import { op } from '../../../lib/query';
import { Customer } from '../../customers/customer.model';
import { Owner } from '../../owners/owner.model';
import { CareDispatch, OpenDispatch } from '../care-dispatch.model';
import { careTemplatesOf } from '../rules/care-settings.service';
import { senderFor } from './care-day';
import { deliver } from './deliver';
import { openRecord, type NewDispatch } from './dispatch';
import { fittedData } from './message';
import { unfinishedOf } from './plan';
import { StatusWriter } from './status-writer';

/**
 * The general entry point for "send one message to one owner, once, under key K" — for
 * modules whose messages come from their own events rather than care rules (booking
 * confirmations and reminders). It goes through the same machinery as a rule's greeting:
 * the key is the dispatch `_id` (a unique insert, so a rerun or a second instance never
 * plans it twice), the inbox notice is deduplicated by it, the WeChat send is claimed and
 * paid from the owner's subscribe consents (43101 / no consent → the inbox notice only),
 * and the care sender loop (`care-sender`, every minute) finishes whatever is left open.
 */
export interface OneMessage {
  /** The once-only key; the same key never reaches the owner twice. */
  key: string;
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
  /** What it is about, for the dispatch log (e.g. `booking_confirmation`). */
  occasion: string;
  /** The day it is about, YYYY-MM-DD. */
  occasionDate: string;
  /** The dealership's subscribe template to use, by its key in the care templates (e.g. `care`). */
  templateKey: string;
  /** The mini-program page the message opens. */
  page: string;
  title: string;
  body: string;
  /** Subscribe keyword values by keyword name; fitted to WeChat's limits here. */
  keywords: Record<string, string>;
  /**
   * Marketing messages need the archive's marketing consent; a service notice the owner
   * asked for (their own booking) does not. The subscribe consent is needed either way.
   */
  marketing: boolean;
}

interface Recipient {
  name: string;
  ownerId: Types.ObjectId | null;
  advisorId: Types.ObjectId | null;
  marketingConsent: boolean;
  openid: string | null;
}

async function recipientsOf(messages: readonly OneMessage[]): Promise<Map<string, Recipient>> {
  const customers = await Customer.find(
    { _id: op.in(messages.map((m) => m.customerId)) },
    { name: 1, ownerId: 1, advisorId: 1, consent: 1 }
  ).lean();
  const ownerIds = customers.flatMap((c) => (c.ownerId ? [c.ownerId] : []));
  const owners = ownerIds.length ? await Owner.find({ _id: op.in(ownerIds) }, { openid: 1 }).lean() : [];
  const openids = new Map(owners.map((o) => [String(o._id), o.openid ?? null]));
  return new Map(
    customers.map((c) => [
      String(c._id),
      {
        name: c.name,
        ownerId: c.ownerId ?? null,
        advisorId: c.advisorId ?? null,
        marketingConsent: c.consent?.marketing === true,
        openid: c.ownerId ? (openids.get(String(c.ownerId)) ?? null) : null
      }
    ])
  );
}

async function templateIdsOf(messages: readonly OneMessage[]): Promise<Map<string, string>> {
  const byDealershipAndKey = new Map<string, string>();
  for (const id of new Set(messages.map((m) => String(m.dealershipId))))
    for (const t of await careTemplatesOf(id))
      if (t.templateId) byDealershipAndKey.set(`${id}|${t.key}`, t.templateId);
  return byDealershipAndKey;
}

function dispatchOf(m: OneMessage, to: Recipient, templateId: string | null, now: Date, runId: string) {
  const fitted = templateId ? fittedData(m.keywords) : null;
  const doc: NewDispatch = {
    _id: m.key,
    dealershipId: m.dealershipId,
    ruleId: null,
    customerId: m.customerId,
    customerName: to.name,
    ownerId: to.ownerId,
    openid: to.openid,
    advisorId: to.advisorId,
    occasion: m.occasion,
    occasionDate: m.occasionDate,
    runDate: shanghaiDate(now),
    // Without the template in the dealership's settings the message can only go to the inbox.
    channel: templateId ? 'subscribe' : 'inbox',
    templateId,
    page: templateId ? m.page : null,
    data: fitted && 'data' in fitted ? fitted.data : null,
    dataError: fitted && 'error' in fitted ? fitted.error : null,
    title: m.title,
    body: m.body,
    task: null,
    consent: !m.marketing || to.marketingConsent,
    sendAt: now,
    runId,
    createdAt: now
  };
  return doc;
}

/**
 * Plans the messages (a unique insert per key) and opens them for delivery; a customer
 * without a bound owner is recorded `skipped` / `no_binding`. Returns the keys that are
 * new; a key planned before is left as it is (finished or still open).
 */
export async function queueOneMessages(
  messages: readonly OneMessage[],
  opts: { runId: string }
): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  const now = clock.now();
  const [recipients, templates] = await Promise.all([recipientsOf(messages), templateIdsOf(messages)]);
  const docs = messages.flatMap((m) => {
    const to = recipients.get(String(m.customerId));
    if (!to) return [];
    const templateId = templates.get(`${String(m.dealershipId)}|${m.templateKey}`) ?? null;
    return [dispatchOf(m, to, templateId, now, opts.runId)];
  });
  const inserted = await insertManyUnique(CareDispatch, docs);
  const fresh = docs.filter((_, i) => inserted[i]);
  let failure: unknown = null;
  const writer = new StatusWriter((err) => (failure = err));
  for (const d of fresh) if (!d.ownerId) writer.update(d, { status: 'skipped', reason: 'no_binding' });
  await writer.flush();
  if (failure) throw failure;
  await insertManyUnique(OpenDispatch, fresh.filter((d) => d.ownerId).map(openRecord));
  return new Set(fresh.map((d) => d._id));
}

/**
 * Plans and delivers at once, inside a job run: the inbox notice, then the WeChat send
 * under its claim and consent. Messages planned by an earlier or concurrent run are
 * delivered only if still unfinished, and the send claims keep a concurrent delivery of
 * the same key to one call.
 */
export async function sendOneMessages(
  messages: readonly OneMessage[],
  ctx: Pick<JobContext, 'deps' | 'logger' | 'count' | 'runId'>
): Promise<void> {
  if (messages.length === 0) return;
  const fresh = await queueOneMessages(messages, ctx);
  ctx.count('planned', fresh.size);
  const sender = senderFor(ctx);
  const open = await unfinishedOf(messages.map((m) => m.key));
  await deliver(open, { now: clock.now(), sender, count: (key, n) => ctx.count(key, n) }, fresh);
  await sender.drain();
}

/** A run id for messages queued outside a job (e.g. by a request). */
export const requestRunId = (what: string) => `${what}:${new Types.ObjectId().toHexString()}`;
