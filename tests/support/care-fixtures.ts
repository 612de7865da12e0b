import { Types } from 'mongoose';
import { DEFAULT_CARE_TEMPLATES } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { Binding } from '../../server/src/modules/bindings/binding.model';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { ensureCareSetup } from '../../server/src/modules/care/rules/care-settings.service';
import { makeCustomer } from './factories';
import type { TestContext } from './harness';

/** The sandbox's template table matching a new dealership's default care templates. */
export const CARE_SANDBOX_TEMPLATES: Record<string, string[]> = Object.fromEntries(
  DEFAULT_CARE_TEMPLATES.map((t) => [t.templateId, [...t.keywords]])
);

export interface BoundCustomer {
  customerId: Types.ObjectId;
  ownerId: string;
  openid: string;
  auth: { Authorization: string };
}

let openidSeq = 0;

/**
 * A customer whose archive is bound to a WeChat owner (as after a QR binding). With
 * `accept`, the owner accepted those templates once each: granted in the sandbox (WeChat's
 * side) and reported to our server (the mini-program's side).
 */
export async function makeBoundCustomer(
  ctx: TestContext,
  dealershipId: Types.ObjectId,
  fields: Record<string, unknown> = {},
  opts: { accept?: string[]; consent?: boolean } = {}
): Promise<BoundCustomer> {
  const openid = `o-care-${process.pid}-${Date.now().toString(36)}-${++openidSeq}`;
  const { code } = ctx.sandbox.state.mintLoginCode({ openid });
  const res = await ctx.http().post('/api/auth/owner/login').send({ code }).expect(200);
  const ownerId = res.body.owner.id as string;
  const auth = { Authorization: `Bearer ${res.body.token as string}` };
  const now = clock.now();
  const customer = await makeCustomer(dealershipId, {
    consent: { marketing: opts.consent ?? true, updatedAt: now },
    ownerId: new Types.ObjectId(ownerId),
    boundAt: now,
    ...fields
  });
  await Binding.create({
    ownerId,
    dealershipId,
    customerId: customer._id,
    source: 'qr_dealership',
    matched: true,
    boundAt: now
  });
  if (opts.accept?.length) {
    ctx.sandbox.state.grantSubscription(openid, opts.accept);
    const results = Object.fromEntries(opts.accept.map((t) => [t, 'accept']));
    await ctx.http().post('/api/owner/subscriptions').set(auth).send({ results }).expect(200);
  }
  return { customerId: customer._id, ownerId, openid, auth };
}

/** Turns off every rule but the named defaults (seedKey suffixes), so a test sees only its own. */
export async function onlyRules(dealershipId: Types.ObjectId, ...seedKeys: string[]): Promise<void> {
  await ensureCareSetup(dealershipId);
  await CareRule.updateMany({ dealershipId }, { $set: { enabled: false } });
  await CareRule.updateMany(
    { dealershipId, seedKey: op.in(seedKeys.map((k) => `default:${k}`)) },
    { $set: { enabled: true } }
  );
}

/** Shanghai wall-clock instant. */
export const shanghai = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
