import { occasionKind } from './care-rule.model';

/**
 * Marketing consent (docs/domain.md: never a marketing message without consent). Birthday and
 * festival greetings, purchase anniversaries, touchpoints, tier upgrades and win-back are all
 * marketing; only service notices (maintenance due, insurance renewal, annual inspection…)
 * may reach an owner who has not consented. No occasion of today is a service notice: a
 * service-reminder occasion is listed here when it is added.
 */
const SERVICE_NOTICE_OCCASIONS: ReadonlySet<string> = new Set<string>();

export function mayGoWithoutConsent(occasion: string): boolean {
  return SERVICE_NOTICE_OCCASIONS.has(occasionKind(occasion));
}

/** A dispatch may use WeChat: the owner consented, or the rule is a service notice that does not ask. */
export function messageAllowed(
  rule: { occasion: string; audience?: { consentRequired?: boolean } | null },
  marketingConsent: boolean | null | undefined
): boolean {
  if (marketingConsent === true) return true;
  return rule.audience?.consentRequired === false && mayGoWithoutConsent(rule.occasion);
}
