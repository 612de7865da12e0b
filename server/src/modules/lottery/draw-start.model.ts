import mongoose, { Schema } from 'mongoose';

/**
 * A draw's start: inserted once per request key before the draw takes anything (`_id` = the
 * draw id, derived from the request key, so a retry names the same draw). It holds what the
 * request decided (participant, day, staff exclusion); the finished draw is inserted into
 * `lottery_draws` with the same `_id` once its outcome and prize are stored. A start without a
 * draw record is a draw in progress, or one a stopped server left half done (the sweep).
 */
const drawStartSchema = new Schema(
  {
    _id: { type: String, required: true },
    requestKey: { type: String, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    day: { type: String, required: true },
    participant: { type: String, required: true },
    excluded: { type: Boolean, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_draw_starts' }
);
// The repair sweep: starts since its mark, oldest first.
drawStartSchema.index({ createdAt: 1 });
export const LotteryDrawStart = mongoose.model('LotteryDrawStart', drawStartSchema);

/**
 * How far the repair sweep has looked (`_id` = the sweep's name): every start created before
 * `upTo` has its draw record, or is one the sweep could not finish yet (the mark stays before it).
 */
const sweepMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    upTo: { type: Date, required: true }
  },
  { versionKey: false, collection: 'lottery_sweep_marks' }
);
export const LotterySweepMark = mongoose.model('LotterySweepMark', sweepMarkSchema);
