/** Slot groups of `lottery_claims`, one name per invariant (`<group>:<n>` is a slot). */
export const groups = {
  sequence: (campaignId: string) => `${campaignId}:seq`,
  unit: (campaignId: string, prizeId: string) => `${campaignId}:unit:${prizeId}`,
  prizeLimit: (campaignId: string, customerId: string, prizeId: string) =>
    `${campaignId}:prize:${customerId}:${prizeId}`,
  dayLimit: (campaignId: string, customerId: string, day: string) =>
    `${campaignId}:limit-day:${customerId}:${day}`,
  campaignLimit: (campaignId: string, customerId: string) => `${campaignId}:limit-all:${customerId}`,
  freeDay: (campaignId: string, customerId: string, day: string) =>
    `${campaignId}:free-day:${customerId}:${day}`,
  freeCampaign: (campaignId: string, customerId: string) => `${campaignId}:free-all:${customerId}`,
  earned: (campaignId: string, customerId: string) => `${campaignId}:earned:${customerId}`
};
