import mongoose, { Types } from 'mongoose';
import { SERVICE_TYPE_LABELS, type ComplaintFigures, type SatisfactionFigures } from '@dealer/shared';
import { op } from '../../lib/query';
import { Staff } from '../staff/staff.model';
import { Complaint, ComplaintEvent } from './complaint.model';
import { SurveyAnswer } from './survey.model';

const QUESTIONS = ['reception', 'quality', 'timeliness', 'price'] as const;
type Sums = Record<(typeof QUESTIONS)[number], number> & { n: number };

interface GroupRow extends Sums {
  _id: { advisorId: Types.ObjectId | null; serviceType: string | null; lowScore: boolean };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const empty = (): Sums => ({ n: 0, reception: 0, quality: 0, timeliness: 0, price: 0 });
const add = (into: Sums, row: Sums) => {
  into.n += row.n;
  for (const q of QUESTIONS) into[q] += row[q];
};
/** Mean of the four ratings over every answer of a group. */
const averageOf = (s: Sums) =>
  s.n === 0 ? null : round(QUESTIONS.reduce((total, q) => total + s[q], 0) / (4 * s.n), 2);

/**
 * Satisfaction of the service visits from `from` to `to`: one $group by advisor, service
 * type and low score with $sum accumulators (FerretDB has no $avg), averaged here.
 */
export async function satisfactionFigures(
  dealershipId: string,
  from: string,
  to: string
): Promise<SatisfactionFigures> {
  const rows = await SurveyAnswer.aggregate<GroupRow>([
    { $match: { dealershipId: new Types.ObjectId(dealershipId), visitDate: op.range(from, to) } },
    {
      $group: {
        _id: { advisorId: '$advisorId', serviceType: '$serviceType', lowScore: '$lowScore' },
        n: { $sum: 1 },
        reception: { $sum: '$reception' },
        quality: { $sum: '$quality' },
        timeliness: { $sum: '$timeliness' },
        price: { $sum: '$price' }
      }
    }
  ]);
  const total = empty();
  const byAdvisor = new Map<string, Sums>();
  const byType = new Map<string, Sums>();
  let lowScores = 0;
  for (const row of rows) {
    add(total, row);
    if (row._id.lowScore) lowScores += row.n;
    const advisor = row._id.advisorId ? String(row._id.advisorId) : '';
    const type = row._id.serviceType ?? '';
    if (!byAdvisor.has(advisor)) byAdvisor.set(advisor, empty());
    if (!byType.has(type)) byType.set(type, empty());
    add(byAdvisor.get(advisor) as Sums, row);
    add(byType.get(type) as Sums, row);
  }
  const advisorIds = [...byAdvisor.keys()].filter(Boolean).map((id) => new Types.ObjectId(id));
  const staff = advisorIds.length ? await Staff.find({ _id: op.in(advisorIds) }, { name: 1 }).lean() : [];
  const names = new Map(staff.map((s) => [String(s._id), s.name]));
  return {
    answers: total.n,
    average: averageOf(total),
    byQuestion: {
      reception: total.n ? round(total.reception / total.n, 2) : null,
      quality: total.n ? round(total.quality / total.n, 2) : null,
      timeliness: total.n ? round(total.timeliness / total.n, 2) : null,
      price: total.n ? round(total.price / total.n, 2) : null
    },
    lowScores,
    byAdvisor: [...byAdvisor.entries()]
      .map(([id, s]) => ({
        advisorId: id || null,
        name: id ? (names.get(id) ?? '') : '未分配',
        answers: s.n,
        average: averageOf(s)
      }))
      .sort((a, b) => b.answers - a.answers || a.name.localeCompare(b.name)),
    byServiceType: [...byType.entries()]
      .map(([type, s]) => ({
        serviceType: type || null,
        label: type ? (SERVICE_TYPE_LABELS[type as keyof typeof SERVICE_TYPE_LABELS] ?? type) : '其他',
        answers: s.n,
        average: averageOf(s)
      }))
      .sort((a, b) => b.answers - a.answers)
  };
}

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const dayEnd = (day: string) => new Date(dayStart(day).getTime() + 86_400_000 - 1);

/**
 * Complaints opened from `from` to `to`, and the minutes from opening to their first
 * acknowledgement and first resolution, counting changes made up to the end of `asOf`.
 */
export async function complaintFigures(
  dealershipId: string,
  from: string,
  to: string,
  asOf: string
): Promise<ComplaintFigures> {
  const complaints = await Complaint.find(
    { dealershipId: new Types.ObjectId(dealershipId), createdAt: op.range(dayStart(from), dayEnd(to)) },
    { createdAt: 1 }
  ).lean();
  const openedAt = new Map(complaints.map((c) => [String(c._id), c.createdAt.getTime()]));
  const events = complaints.length
    ? await ComplaintEvent.find(
        {
          complaintId: op.in(complaints.map((c) => c._id)),
          action: op.in(['acknowledge', 'resolve']),
          at: mongoose.trusted({ $lte: dayEnd(asOf) })
        },
        { complaintId: 1, action: 1, at: 1, version: 1 }
      )
        .sort({ complaintId: 1, version: 1 })
        .lean()
    : [];
  const first = { acknowledge: new Map<string, number>(), resolve: new Map<string, number>() };
  for (const e of events) {
    const seen = first[e.action as 'acknowledge' | 'resolve'];
    if (!seen.has(String(e.complaintId))) seen.set(String(e.complaintId), e.at.getTime());
  }
  const meanMinutes = (times: Map<string, number>) => {
    if (times.size === 0) return null;
    let total = 0;
    for (const [id, at] of times) total += at - (openedAt.get(id) ?? at);
    return round(total / times.size / 60_000, 1);
  };
  return {
    opened: complaints.length,
    acknowledged: first.acknowledge.size,
    resolved: first.resolve.size,
    avgResponseMinutes: meanMinutes(first.acknowledge),
    avgResolutionMinutes: meanMinutes(first.resolve)
  };
}
