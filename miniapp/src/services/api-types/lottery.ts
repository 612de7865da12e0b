import type {
  createLotteryCampaignRequest,
  lotteryCampaignList,
  lotteryCampaignTerms,
  lotteryCampaignView,
  lotteryConversionView,
  lotteryDrawList,
  lotteryDrawView,
  lotteryJoinResponse,
  lotteryPickupView,
  lotteryResultsView,
  lotteryRulesView,
  lotteryVerificationView,
  lotteryVoucherItemList,
  ownerLotteryCampaignList,
  ownerLotteryCampaignView
} from '@dealer/shared'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- lottery campaigns ----
export type LotteryCampaignTerms = SchemaOutput<typeof lotteryCampaignTerms>
export type LotteryPrize = LotteryCampaignTerms['prizes'][number]
export type LotteryCampaign = SchemaOutput<typeof lotteryCampaignView>
export type LotteryCampaignStatus = LotteryCampaign['status']
export type LotteryCampaignList = SchemaOutput<typeof lotteryCampaignList>
export type CreateLotteryCampaign = SchemaInput<typeof createLotteryCampaignRequest>
export type LotteryRules = SchemaOutput<typeof lotteryRulesView>
export type LotteryVerification = SchemaOutput<typeof lotteryVerificationView>
export type LotteryDraw = SchemaOutput<typeof lotteryDrawView>
export type LotteryDrawList = SchemaOutput<typeof lotteryDrawList>
export type OwnerLotteryCampaign = SchemaOutput<typeof ownerLotteryCampaignView>
export type OwnerLotteryCampaignList = SchemaOutput<typeof ownerLotteryCampaignList>
export type LotteryJoinResponse = SchemaOutput<typeof lotteryJoinResponse>
export type LotteryPickup = SchemaOutput<typeof lotteryPickupView>
export type LotteryResults = SchemaOutput<typeof lotteryResultsView>
export type LotteryConversion = SchemaOutput<typeof lotteryConversionView>
export type LotteryVoucherItemList = SchemaOutput<typeof lotteryVoucherItemList>
export type LotteryVoucherItem = LotteryVoucherItemList['items'][number]
