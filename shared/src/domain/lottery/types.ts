/**
 * The lottery's terms and its public record (docs/lottery.md). The server stores
 * `CampaignTerms` exactly as defined here; `PublishedCampaign` is the public verification
 * document that anyone can recompute with `verifyCampaign`.
 */

export type PrizeKind = 'points' | 'voucher' | 'gift' | 'none';

/** What the draw needs to know about a prize. */
export interface PrizeSpec {
  /** Stable id within the campaign; never changes after publication. */
  id: string;
  name: string;
  kind: PrizeKind;
  /** Market value of one unit in fen (the ¥50,000 cap is checked against it). */
  valueFen: number;
  /** Relative weight: P(pick) = weight / Σ weights. A non-negative integer. */
  weight: number;
  /** Units available; null only for the unlimited fallback prize ("谢谢参与"). */
  stock: number | null;
}

/** A prize as the campaign defines it. */
export interface CampaignPrize extends PrizeSpec {
  /** Rewards catalog item issued as the voucher (kind 'voucher'), else null. */
  rewardItemId: string | null;
  /** Points credited (kind 'points'), else null. */
  points: number | null;
}

export const CAMPAIGN_TIERS = ['A', 'B', 'C', 'D'] as const;
export type CampaignTier = (typeof CAMPAIGN_TIERS)[number];

/** Who may draw: the union of the groups named. */
export interface CampaignAudience {
  tiers: CampaignTier[];
  /** A saved segment of the dealership's customers, or null. */
  segmentId: string | null;
  /** Every owner bound to the dealership. */
  allBound: boolean;
  /** New prospects who scan the campaign's QR code (an event in the showroom). */
  prospects: boolean;
}

export const EARNING_ACTIONS = ['binding', 'booking_served', 'survey'] as const;
export type EarningAction = (typeof EARNING_ACTIONS)[number];

/** How a participant gets draws. */
export interface CampaignEntry {
  /** Free draws each day (Asia/Shanghai calendar day); 0 for none. */
  freePerDay: number;
  /** Free draws over the whole campaign; 0 for none. */
  freePerCampaign: number;
  /** Points spent per further draw; null when draws cannot be bought with points. */
  pointsPerDraw: number | null;
  /** Actions during the campaign that each earn one draw. */
  earnedBy: EarningAction[];
}

/** Per-owner limits; null means no limit of that kind. */
export interface CampaignLimits {
  /** Draws per owner per day. */
  perDay: number | null;
  /** Draws per owner over the campaign. */
  perCampaign: number | null;
  /** Units of any one prize an owner may win (the fallback prize is never limited). */
  perPrize: number | null;
}

/** The disclosures the SAMR rules require that cannot be derived from the rest. */
export interface CampaignDisclosure {
  organiser: string;
  contact: string;
  /** How the draw is made, in the organiser's words (the fairness proof is added to it). */
  drawMethod: string;
  /** Conditions and method of claiming a prize. */
  claimMethod: string;
  /** How physical prizes reach the winner (pickup at the store, delivery...). */
  delivery: string;
  /** When a prize is forfeited. */
  forfeitConditions: string;
  /** true: the rules page shows each prize's odds; false: its quantity. */
  showOdds: boolean;
}

export interface CampaignTerms {
  name: string;
  /** ISO date-times (UTC instants). */
  startsAt: string;
  endsAt: string;
  audience: CampaignAudience;
  entry: CampaignEntry;
  prizes: CampaignPrize[];
  limits: CampaignLimits;
  /** Last instant (ISO) to claim a prize won. */
  claimDeadline: string;
  disclosure: CampaignDisclosure;
}

/** Why a draw got what it got (docs/lottery.md "The stock and limit rule"). */
export type DrawFate = 'won' | 'out-of-stock' | 'over-limit' | 'excluded';

export interface PublishedDraw {
  drawId: string;
  /** 1, 2, 3... in the order draws were recorded, without gaps. */
  seq: number;
  /** Opaque, stable per participant within the campaign (a hash, never a name or mobile). */
  participant: string;
  picked: string;
  awarded: string;
  fate: DrawFate;
}

/**
 * A stock raise after publication: draws numbered `firstSeq` and later may have used the
 * raised stock; earlier ones saw `fromStock`.
 */
export interface StockRaise {
  prizeId: string;
  fromStock: number;
  toStock: number;
  firstSeq: number;
}

export interface PublishedCampaign {
  campaignId: string;
  commitment: string;
  /** Null until the campaign ends and the seed is revealed. */
  seedHex: string | null;
  /** The prizes with their final stock. */
  prizes: readonly PrizeSpec[];
  perOwnerPrizeLimit: number | null;
  draws: readonly PublishedDraw[];
  /** Stock raised after publication, oldest first; absent or empty when none. */
  stockRaises?: readonly StockRaise[];
}

export interface VerificationResult {
  ok: boolean;
  checked: number;
  problems: string[];
}

/** One section of the public rules page. */
export interface RulesSection {
  key: string;
  title: string;
  lines: string[];
}
