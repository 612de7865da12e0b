import { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../../lib/clock';
import type { JobContext } from '../../../lib/jobs/define';
import { insertManyUnique } from '../../../lib/jobs/unique-insert';
import { CareDispatch, OpenDispatch } from '../care-dispatch.model';
import { careTemplatesOf } from '../rules/care-settings.service';
import { senderFor } from './care-day';
import { deliver, isDue } from './deliver';
import { remainingForOwners } from '../../subscriptions/subscription.service';
import { openidsOf, recipientsOf, type KnownRecipient, type Recipient } from './one-message-recipients';
import { openRecord, storedDispatch, type NewDispatch } from './dispatch';
import { chineseDate, fittedData } from './message';
import { sendTimeFor, unfinishedOf } from './plan';
import { StatusWriter } from './status-writer';

/**
 * The general entry point for "send one message to one owner, once, under key K" — for
 * modules whose messages come from their own events rather than care rules (booking
 * confirmations and reminders). It goes through the same machinery as a rule's greeting:
 * the key is the dispatch `_id` (a unique insert, so a rerun or a second instance never
 * plans it twice), the inbox notice is deduplicated by it, the WeChat send is claimed and
 * paid from the owner's subscribe consents (43101 / no consent → the inbox notice only),
 * and the care sender loop (`care-sender`, every minute) finishes whatever is left open.
 * Used by booking messages and aftercare survey invitations.
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
  /**
   * The dealership's subscribe template to use, by its key in the care templates; the first
   * key the dealership has configured wins (e.g. `['survey', 'care']`).
   */
  templateKeys: readonly string[];
  /** The mini-program page the message opens. */
  page: string;
  title: string;
  body: string;
  /**
   * Subscribe keyword values by keyword name, or a function of the chosen template's keyword
   * names (see `keywordsByType`); fitted to WeChat's limits here.
   */
  keywords: Record<string, string> | ((keywordNames: readonly string[]) => Record<string, string>);
  /**
   * Marketing messages need the archive's marketing consent; a service notice the owner
   * asked for (their own booking) does not. The subscribe consent is needed either way.
   */
  marketing: boolean;
  /** The programme that sent it, shown as the dispatch's rule id; null (the default) for none. */
  sourceId?: Types.ObjectId | null;
  /** Quiet hours: outside this window (Shanghai time) it waits for the `care-sender` loop. */
  sendWindow?: { start: string; end: string };
  /**
   * The archive as the caller has just read it, which saves reading it again here. Used
   * only when no marketing consent is asked (that is always read here).
   */
  recipient?: KnownRecipient;
}

/**
 * Keyword values for a template whose keyword names are only known at send time: `date*` /
 * `time*` get the day, the first text keyword the title, the others the dealership's name.
 */
export function keywordsByType(values: { title: string; date: string; dealershipName: string }) {
  return (keywordNames: readonly string[]): Record<string, string> => {
    let texts = 0;
    return Object.fromEntries(
      keywordNames.map((k) => {
        if (/^(date|time)\d+$/.test(k)) return [k, chineseDate(values.date)];
        texts += 1;
        return [k, texts === 1 ? values.title : values.dealershipName];
      })
    );
  };
}

interface Template {
  templateId: string;
  keywords: readonly string[];
}

async function templatesOf(messages: readonly OneMessage[]): Promise<Map<string, Template>> {
  const byDealershipAndKey = new Map<string, Template>();
  for (const id of new Set(messages.map((m) => String(m.dealershipId))))
    for (const t of await careTemplatesOf(id)) if (t.templateId) byDealershipAndKey.set(`${id}|${t.key}`, t);
  return byDealershipAndKey;
}

const templateFor = (m: OneMessage, templates: Map<string, Template>): Template | null =>
  m.templateKeys.map((k) => templates.get(`${String(m.dealershipId)}|${k}`)).find(Boolean) ?? null;

function dispatchOf(m: OneMessage, to: Recipient, template: Template | null, now: Date, runId: string) {
  const templateId = template?.templateId ?? null;
  const keywords = typeof m.keywords === 'function' ? m.keywords(template?.keywords ?? []) : m.keywords;
  const fitted = template ? fittedData(keywords) : null;
  const runDate = shanghaiDate(now);
  const doc: NewDispatch = {
    _id: m.key,
    dealershipId: m.dealershipId,
    ruleId: m.sourceId ?? null,
    customerId: m.customerId,
    customerName: to.name,
    ownerId: to.ownerId,
    openid: null, // read below for the messages that may go to WeChat
    advisorId: to.advisorId,
    occasion: m.occasion,
    occasionDate: m.occasionDate,
    runDate,
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
    sendAt: m.sendWindow ? sendTimeFor({ sendWindow: m.sendWindow }, runDate, now) : now,
    runId,
    createdAt: now
  };
  return doc;
}

/**
 * Messages due at once for the WeChat channel whose owners have no subscribe consent left for
 * the template go to the inbox channel as they are planned (one read for the batch): no
 * WeChat call could happen, so they need no send claim and no consent round. One due later
 * (quiet hours) keeps the channel: the owner may consent meanwhile.
 */
async function inboxWithoutQuota(docs: NewDispatch[], now: Date): Promise<void> {
  const candidates = docs.filter(
    // Only those that would reach the consent round (deliver.ts settles the others first).
    (d) => d.channel === 'subscribe' && d.consent && d.ownerId && d.data && d.templateId && isDue(d, now)
  );
  if (candidates.length === 0) return;
  const remaining = await remainingForOwners(
    [...new Map(candidates.map((d) => [String(d.ownerId), d.ownerId as Types.ObjectId])).values()],
    [...new Set(candidates.map((d) => d.templateId as string))]
  );
  for (const d of candidates)
    if (remaining(d.ownerId as Types.ObjectId, d.templateId as string) === 0) {
      // The inbox notice is all it will be: no WeChat payload to keep (the template stays, to say why).
      d.channel = 'inbox';
      d.page = null;
      d.data = null;
    }
}

/**
 * Plans the messages (a unique insert per key) and opens them for delivery; a customer
 * without a bound owner is recorded `skipped` / `no_binding`. Returns the dispatches that
 * are new; a key planned before is left as it is (finished or still open).
 */
async function planOneMessages(
  messages: readonly OneMessage[],
  opts: { runId: string }
): Promise<NewDispatch[]> {
  if (messages.length === 0) return [];
  const now = clock.now();
  const [recipients, templates] = await Promise.all([recipientsOf(messages), templatesOf(messages)]);
  const docs = messages.flatMap((m) => {
    const to = recipients.get(String(m.customerId));
    if (!to) return [];
    return [dispatchOf(m, to, templateFor(m, templates), now, opts.runId)];
  });
  await inboxWithoutQuota(docs, now);
  // Only a message that may still go to WeChat needs the owner's openid.
  const toWechat = docs.filter((d) => d.channel === 'subscribe' && d.ownerId);
  const openids = await openidsOf([
    ...new Map(toWechat.map((d) => [String(d.ownerId), d.ownerId as Types.ObjectId])).values()
  ]);
  for (const d of toWechat) d.openid = openids.get(String(d.ownerId)) ?? null;
  const inserted = await insertManyUnique(CareDispatch, docs.map(storedDispatch));
  const fresh = docs.filter((_, i) => inserted[i]);
  let failure: unknown = null;
  const writer = new StatusWriter((err) => (failure = err));
  for (const d of fresh) if (!d.ownerId) writer.update(d, { status: 'skipped', reason: 'no_binding' });
  await writer.flush();
  if (failure) throw failure;
  await insertManyUnique(OpenDispatch, fresh.filter((d) => d.ownerId).map(openRecord));
  return fresh;
}

/** Plans the messages for care's sender loop; returns the keys that are new. */
export async function queueOneMessages(
  messages: readonly OneMessage[],
  opts: { runId: string }
): Promise<Set<string>> {
  return new Set((await planOneMessages(messages, opts)).map((d) => d._id));
}

/**
 * Plans and delivers at once, inside a job run: the inbox notice, then the WeChat send
 * under its claim and consent. The new dispatches are delivered as built (no read back);
 * messages planned by an earlier or concurrent run are delivered only if still unfinished,
 * and the send claims keep a concurrent delivery of the same key to one call.
 */
export async function sendOneMessages(
  messages: readonly OneMessage[],
  ctx: Pick<JobContext, 'deps' | 'logger' | 'count' | 'runId'>
): Promise<void> {
  if (messages.length === 0) return;
  const fresh = await planOneMessages(messages, ctx);
  ctx.count('planned', fresh.length);
  const freshKeys = new Set(fresh.map((d) => d._id));
  const plannedBefore = messages.map((m) => m.key).filter((key) => !freshKeys.has(key));
  const unfinished = plannedBefore.length ? await unfinishedOf(plannedBefore) : [];
  const sender = senderFor(ctx);
  const open = [...fresh.filter((d) => d.ownerId), ...unfinished];
  await deliver(open, { now: clock.now(), sender, count: (key, n) => ctx.count(key, n) }, freshKeys);
  await sender.drain();
}

/** A run id for messages queued outside a job (e.g. by a request). */
export const requestRunId = (what: string) => `${what}:${new Types.ObjectId().toHexString()}`;
