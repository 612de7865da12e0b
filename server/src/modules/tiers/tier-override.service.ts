import type { CustomerTierView, TierOverrideRequest } from '@dealer/shared';
import { addYears } from '@dealer/shared/domain';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { unprocessable } from '../../lib/errors';
import { writeCustomerDerivedFields } from '../customers/customer-derived-fields';
import { loadCustomerFor, type CustomerRecord } from '../customers/customer.scope';
import { TierHistory } from './tier.model';
import { customerTierView } from './tier-view.service';

/**
 * A manager's override beats the engine while the run's asOf < expiresAt. It takes effect at
 * once (the tier in force changes now, not at the next run) and every set or lift is an
 * entry in the customer's tier history, with who did it and why.
 */

const MAX_OVERRIDE_YEARS = 3;

type CustomerWithTier = CustomerRecord & {
  tier?: string | null;
  tierScore?: number | null;
  tierComputed?: string | null;
};

async function recordHistory(
  customer: CustomerWithTier,
  entry: {
    fromTier: string | null;
    toTier: string | null;
    cause: 'override' | 'override_lifted';
    note: string | null;
  },
  auth: StaffAuth
): Promise<void> {
  const now = clock.now();
  await TierHistory.create({
    dealershipId: customer.dealershipId,
    customerId: customer._id,
    date: shanghaiDate(now),
    fromTier: entry.fromTier,
    toTier: entry.toTier,
    score: customer.tierScore ?? null,
    cause: entry.cause,
    runId: null,
    note: entry.note,
    by: auth.staffId,
    byName: auth.name,
    at: now
  });
}

export async function setTierOverride(
  auth: StaffAuth,
  customerId: string,
  input: TierOverrideRequest
): Promise<CustomerTierView> {
  const customer: CustomerWithTier = await loadCustomerFor(auth, customerId);
  const today = shanghaiDate(clock.now());
  if (input.expiresAt <= today)
    throw unprocessable('TIER_OVERRIDE_EXPIRY', '失效日期须晚于今天', { field: 'expiresAt' });
  if (input.expiresAt > addYears(today, MAX_OVERRIDE_YEARS)) {
    throw unprocessable('TIER_OVERRIDE_EXPIRY', `失效日期不能超过 ${MAX_OVERRIDE_YEARS} 年`, {
      field: 'expiresAt'
    });
  }
  const override = { ...input, by: auth.staffId, byName: auth.name, setAt: clock.now() };
  await writeCustomerDerivedFields(customer._id, { tierOverride: override, tier: input.tier });
  await recordHistory(
    customer,
    { fromTier: customer.tier ?? null, toTier: input.tier, cause: 'override', note: input.reason },
    auth
  );
  return customerTierView(await loadCustomerFor(auth, customerId));
}

/** Lifts the override: the engine's last computed tier is in force again. Lifting none changes nothing. */
export async function liftTierOverride(auth: StaffAuth, customerId: string): Promise<CustomerTierView> {
  const customer: CustomerWithTier = await loadCustomerFor(auth, customerId);
  if (customer.tierOverride) {
    const computed = customer.tierComputed ?? null;
    await writeCustomerDerivedFields(customer._id, { tierOverride: null, tier: computed });
    await recordHistory(
      customer,
      { fromTier: customer.tier ?? null, toTier: computed, cause: 'override_lifted', note: null },
      auth
    );
  }
  return customerTierView(await loadCustomerFor(auth, customerId));
}
