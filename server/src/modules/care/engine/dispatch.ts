import type { Types } from 'mongoose';
import { addDays, type IsoDate } from '@dealer/shared/domain/dates';
import type { TaskKind } from '@dealer/shared';
import type { Logger } from '../../../lib/logger';
import type { CareRuleRecord } from '../care-rule.model';
import type { CareSender } from './sender';
import type { CareSources } from '../care-sources';
import type { FinalStatus } from './status-writer';

/**
 * The dispatch record the engine plans, delivers and sends (one per rule, customer and
 * occasion; its `_id` is the once-only key), and what a run carries through its steps.
 */
export const BATCH_SIZE = 500;

export type CareRule = CareRuleRecord;
export interface Dealer {
  _id: Types.ObjectId;
  name: string;
}

export interface CareEnv {
  date: IsoDate;
  now: Date;
  runId: string;
  sender: CareSender;
  sources: CareSources;
  logger: Logger;
  count(key: string, n?: number): void;
  advance(n: number): void;
}

/** A dispatch as inserted (driver documents: real ObjectIds and Dates). */
export interface NewDispatch {
  _id: string;
  dealershipId: Types.ObjectId;
  /** Null for a one-off message (one-message.ts). */
  ruleId: Types.ObjectId | null;
  customerId: Types.ObjectId;
  customerName: string;
  ownerId: Types.ObjectId | null;
  openid: string | null;
  advisorId: Types.ObjectId | null;
  occasion: string;
  occasionDate: string;
  runDate: string;
  /**
   * `inbox` with a template: a message due at once whose owner had no subscribe consent left
   * for it when it was planned (the inbox notice is all it can be; see one-message.ts).
   */
  channel: 'subscribe' | 'inbox' | 'advisor_task';
  templateId: string | null;
  page: string | null;
  data: Record<string, { value: string }> | null;
  dataError: string | null;
  title: string;
  body: string;
  task: TaskKind | null;
  consent: boolean;
  sendAt: Date;
  runId: string;
  createdAt: Date;
}

export interface Planned {
  doc: NewDispatch;
  /** Settled when planned (nothing to deliver), e.g. no WeChat binding. */
  final: FinalStatus | null;
}

/**
 * Payload fields many dispatches have no value for (an inbox-only or task dispatch has no
 * WeChat payload; an unbound one no openid). Left out of the stored document when null —
 * FerretDB's cost of an insert grows with the fields, and a day's run writes thousands — and
 * put back as null when a dispatch is read back (`loadedDispatch`).
 */
const PAYLOAD_NULLS = { openid: null, templateId: null, page: null, data: null, dataError: null, task: null };

/** The document stored for a dispatch: its null payload fields left out. */
export function storedDispatch(d: NewDispatch): Partial<NewDispatch> {
  const stored: Partial<NewDispatch> = { ...d };
  for (const key of Object.keys(PAYLOAD_NULLS) as Array<keyof typeof PAYLOAD_NULLS>)
    if (stored[key] === null) delete stored[key];
  return stored;
}

/** A dispatch as read back from the database, with its left-out payload fields as null. */
export const loadedDispatch = (d: NewDispatch): NewDispatch => ({ ...PAYLOAD_NULLS, ...d });

export const openRecord = (d: Pick<NewDispatch, '_id' | 'dealershipId' | 'runDate' | 'sendAt'>) => ({
  _id: d._id,
  dealershipId: d.dealershipId,
  runDate: d.runDate,
  sendAt: d.sendAt
});

/** Why a dispatch on the inbox channel went to the inbox only. */
export const inboxReason = (d: Pick<NewDispatch, 'templateId'>) =>
  d.templateId ? 'no_quota' : 'inbox_channel';

/** When an advisor task of a dispatch is due: holiday visits on the holiday, calls within a week or a month. */
export function taskDueDate(kind: TaskKind, occasionDate: string, runDate: IsoDate): string {
  if (kind === 'holiday_visit' && /^\d{4}-\d{2}-\d{2}$/.test(occasionDate)) return occasionDate;
  return addDays(runDate, kind === 'quarterly_call' ? 30 : 7);
}
