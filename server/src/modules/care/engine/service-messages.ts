import type { Types } from 'mongoose';
import { clock } from '../../../lib/clock';
import type { JobContext } from '../../../lib/jobs/define';
import { insertManyUnique } from '../../../lib/jobs/unique-insert';
import { op } from '../../../lib/query';
import { Owner } from '../../owners/owner.model';
import { CareDispatch, OpenDispatch } from '../care-dispatch.model';
import { careTemplatesOf } from '../rules/care-settings.service';
import { deliver } from './deliver';
import { openRecord, type NewDispatch } from './dispatch';
import { chineseDate, subscribeData } from './message';
import { sendTimeFor, unfinishedOf } from './plan';
import { CareSender } from './sender';

/**
 * A general entry point for service messages that other modules send to one owner each
 * (an aftercare survey invitation, …) through the same once-only dispatch as the care
 * rules: a dispatch record keyed by the caller (`survey:<visit>`) is inserted before
 * anything is delivered, the inbox notice always goes out to a bound owner, and a WeChat
 * subscribe message only when the owner has an unspent consent (the one-time quota) for
 * the template. Quiet hours apply: outside the send window the care-sender loop delivers
 * it when the window opens.
 */
export interface ServiceMessage {
  /** The once-only key, unique across every dispatch. */
  key: string;
  /** The programme sending it, recorded as the dispatch's rule id. */
  sourceId: Types.ObjectId;
  /** What the dispatch log shows as the occasion (`survey`). */
  occasion: string;
  dealershipId: Types.ObjectId;
  dealershipName: string;
  customerId: Types.ObjectId;
  customerName: string;
  ownerId: Types.ObjectId | null;
  advisorId: Types.ObjectId | null;
  /** The care template (by key) whose consent is spent; the `care` template when absent there. */
  templateKey: string;
  page: string;
  title: string;
  body: string;
  /** The day the message is about (date keywords). */
  date: string;
}

const senderOf = (ctx: JobContext) =>
  new CareSender({
    wechat: ctx.deps.wechat,
    logger: ctx.logger,
    ratePerSecond: ctx.deps.config.CARE_SEND_RATE,
    maxAttempts: ctx.deps.config.CARE_SEND_MAX_ATTEMPTS,
    retryBaseMs: ctx.deps.config.CARE_RETRY_BASE_MS,
    count: (key, n) => ctx.count(key, n)
  });

/** Keyword values from the template's keyword names: dates get the day, texts the title, then the dealership. */
function keywordTexts(keywords: readonly string[], m: ServiceMessage): Record<string, string> {
  let texts = 0;
  return Object.fromEntries(
    keywords.map((k) => {
      if (/^(date|time)\d+$/.test(k)) return [k, chineseDate(m.date)];
      texts += 1;
      return [k, texts === 1 ? m.title : m.dealershipName];
    })
  );
}

async function buildDispatches(messages: readonly ServiceMessage[], ctx: JobContext): Promise<NewDispatch[]> {
  const now = clock.now();
  const ownerIds = messages.flatMap((m) => (m.ownerId ? [m.ownerId] : []));
  const owners = ownerIds.length ? await Owner.find({ _id: op.in(ownerIds) }, { openid: 1 }).lean() : [];
  const openids = new Map(owners.map((o) => [String(o._id), o.openid]));
  const templates = new Map<string, Awaited<ReturnType<typeof careTemplatesOf>>>();
  const out: NewDispatch[] = [];
  for (const m of messages) {
    const dealer = String(m.dealershipId);
    if (!templates.has(dealer)) templates.set(dealer, await careTemplatesOf(dealer));
    const list = templates.get(dealer) ?? [];
    const template = list.find((t) => t.key === m.templateKey) ?? list.find((t) => t.key === 'care') ?? null;
    const fitted = template ? subscribeData(keywordTexts(template.keywords, m), emptyVars) : null;
    out.push({
      _id: m.key,
      dealershipId: m.dealershipId,
      ruleId: m.sourceId,
      customerId: m.customerId,
      customerName: m.customerName,
      ownerId: m.ownerId,
      openid: m.ownerId ? (openids.get(String(m.ownerId)) ?? null) : null,
      advisorId: m.advisorId,
      occasion: m.occasion,
      occasionDate: m.date,
      runDate: ctx.date,
      channel: 'subscribe',
      templateId: template?.templateId ?? null,
      page: m.page,
      data: fitted && 'data' in fitted ? fitted.data : null,
      dataError: !template ? 'no template' : fitted && 'error' in fitted ? fitted.error : null,
      title: m.title,
      body: m.body,
      task: null,
      // A service message: no marketing consent asked; the subscribe consent is still spent.
      consent: true,
      sendAt: sendTimeFor({ sendWindow: { start: '09:00', end: '21:00' } }, ctx.date, now),
      runId: ctx.runId,
      createdAt: now
    });
  }
  return out;
}

const emptyVars = {
  name: '',
  dealership: '',
  date: '1970-01-01',
  festival: '',
  occasion: '',
  advisor: '',
  years: ''
};

/** Plans and delivers service messages once each; returns how many were new. */
export async function sendServiceMessages(
  messages: readonly ServiceMessage[],
  ctx: JobContext
): Promise<number> {
  if (messages.length === 0) return 0;
  const sender = senderOf(ctx);
  const docs = await buildDispatches(messages, ctx);
  const inserted = await insertManyUnique(CareDispatch, docs);
  const fresh = docs.filter((_, i) => inserted[i]);
  const unbound = fresh.filter((d) => !d.ownerId);
  for (const d of unbound) sender.finish(d, { status: 'skipped', reason: 'no_binding' });
  const open = fresh.filter((d) => d.ownerId);
  await insertManyUnique(OpenDispatch, open.map(openRecord));
  const again = docs.filter((_, i) => !inserted[i]).map((d) => d._id);
  const unfinished = again.length ? await unfinishedOf(again) : [];
  const env = { now: clock.now(), sender, count: (key: string, n?: number) => ctx.count(key, n) };
  await deliver([...open, ...unfinished], env, new Set(open.map((d) => d._id)));
  await sender.drain();
  return fresh.length;
}
