import type { CareTemplate } from '@dealer/shared';
import { fitKeywordData, KeywordValueError, keywordType } from '@dealer/shared/domain/calendar/keyword-text';
import { DUE_TYPE_LABELS } from '@dealer/shared/domain/due';
import { careTemplatesOf } from '../care/rules/care-settings.service';
import type { DueEventRecord } from '../due/due-event.model';
import { bookingServiceTypeOf } from './reminder-state';

/**
 * What a reminder says and where it leads. The subscribe message uses the dealership's
 * template keyed `reminder` (a service-reminder template from the WeChat console), else its
 * general `care` template (关怀提醒); the keywords are filled by type and fitted to WeChat's limits.
 */

export async function reminderTemplateOf(dealershipId: string): Promise<CareTemplate | null> {
  const templates = await careTemplatesOf(dealershipId);
  return templates.find((t) => t.key === 'reminder') ?? templates.find((t) => t.key === 'care') ?? null;
}

type Event = Pick<
  DueEventRecord,
  'vehicleId' | 'type' | 'dueDate' | 'explanation' | 'plate' | 'customerName'
>;

/** The owner's booking page for this vehicle, the service type preselected. */
export function reminderPage(event: Pick<Event, 'vehicleId' | 'type'>): string {
  return `pages/owner/booking/index?vehicleId=${String(event.vehicleId)}&serviceType=${bookingServiceTypeOf(event.type)}`;
}

const headline = (event: Event) => `${DUE_TYPE_LABELS[event.type]}到期提醒`;

/** Keyword values by type, in the order the template lists keywords of that type. */
function valuesByType(event: Event): Record<string, string[]> {
  return {
    thing: [headline(event), event.explanation, '点击预约到店服务'],
    date: [event.dueDate],
    time: [event.dueDate],
    car_number: event.plate ? [event.plate] : [],
    name: [event.customerName],
    phrase: ['请预约']
  };
}

/** The template data, or null when the template asks for something a reminder cannot fill. */
export function reminderData(event: Event, template: CareTemplate): Record<string, { value: string }> | null {
  const pools = valuesByType(event);
  const used: Record<string, number> = {};
  const values: Record<string, string> = {};
  for (const key of template.keywords) {
    const type = keywordType(key);
    const pool = type ? pools[type] : undefined;
    if (!type || !pool) return null;
    const n = used[type] ?? 0;
    used[type] = n + 1;
    const value = pool[Math.min(n, pool.length - 1)];
    if (value === undefined) return null;
    values[key] = value;
  }
  try {
    return fitKeywordData(values);
  } catch (err) {
    if (err instanceof KeywordValueError) return null;
    throw err;
  }
}

/** The in-app notice (when WeChat cannot be used). */
export function reminderNotice(event: Event): { title: string; body: string; page: string } {
  const plate = event.plate ? `（${event.plate}）` : '';
  return {
    title: headline(event),
    body: `您的爱车${plate}${DUE_TYPE_LABELS[event.type]}：${event.explanation}。可在小程序中预约到店。`,
    // An in-app link is an absolute page path (a subscribe message's `page` has no leading slash).
    page: `/${reminderPage(event)}`
  };
}

/** The advisor's call task when the owner is not bound (no message can reach them). */
export function reminderCallTask(event: Event): { title: string; note: string } {
  const plate = event.plate ? ` ${event.plate}` : '';
  return {
    title: `致电提醒：${event.customerName}${plate} ${DUE_TYPE_LABELS[event.type]}`,
    note: `车主未绑定小程序，无法推送消息，请电话提醒。${event.explanation}`
  };
}
