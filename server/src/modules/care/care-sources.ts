import type { FilterQuery, Types } from 'mongoose';
import type { IsoDate } from '@dealer/shared/domain/dates';
import type { CustomerDoc } from '../customers/customer.model';

/**
 * What the care engine reads from modules above it. The composition root (composition.ts)
 * passes the segments' and tiers' implementations in; the engine never imports them, and
 * nothing is registered by side effect, so the server, the workers and scripts/care-run.ts
 * evaluate rules the same way.
 */
export interface CareSources {
  /** A saved segment's customer filter in its dealership, or null when it does not exist there. */
  segmentFilter(
    dealershipId: Types.ObjectId,
    segmentId: Types.ObjectId
  ): Promise<FilterQuery<CustomerDoc> | null>;
  /** Customers whose tier went up on the day (Asia/Shanghai). */
  tierUpgrades(dealershipId: Types.ObjectId, date: IsoDate): Promise<Types.ObjectId[]>;
  /**
   * A rule's hold on the saved segment it uses: a claim before the rule's write (409 while
   * the segment is being deleted), released when the rule stops using it.
   */
  segmentUse: {
    claim(dealershipId: Types.ObjectId, segmentId: Types.ObjectId, ruleId: Types.ObjectId): Promise<void>;
    release(segmentId: Types.ObjectId, ruleId: Types.ObjectId): Promise<void>;
  };
}
