import type { Types } from 'mongoose';
import type { CreateSegmentRequest } from '@dealer/shared';
import { AppError } from '../../server/src/lib/errors';
import { Staff } from '../../server/src/modules/staff/staff.model';
import { createSegment } from '../../server/src/modules/segments/segment.service';

/** The segments the demo's marketing specialist saved (through the segment service, as the app does). */
const DEMO_SEGMENTS: Array<Omit<CreateSegmentRequest, 'dealershipId'>> = [
  { name: '重点客户（A/B类）', description: '季度回访与节日拜访的对象', filter: { tier: ['A', 'B'] } },
  {
    name: '已绑定且同意营销',
    description: '可以收到微信关怀消息的车主',
    filter: { bound: true, consentMarketing: true }
  }
];

export async function createDemoSegments(dealershipId: Types.ObjectId): Promise<number> {
  const marketing = await Staff.findOne({ dealershipId, role: 'marketing' }).lean();
  if (!marketing) return 0;
  const auth = {
    kind: 'staff' as const,
    sessionId: 'demo-seed',
    staffId: String(marketing._id),
    name: marketing.name,
    role: marketing.role,
    dealershipId: String(dealershipId)
  };
  let created = 0;
  for (const segment of DEMO_SEGMENTS) {
    try {
      await createSegment(auth, segment);
      created += 1;
    } catch (err) {
      // Saved by an earlier, interrupted start.
      if (!(err instanceof AppError && err.code === 'SEGMENT_NAME_TAKEN')) throw err;
    }
  }
  return created;
}
