import { api } from './request'
import { downloadAuthed } from './download'
import type { ReminderFunnelResponse } from './api-types'

export interface FunnelPeriodQuery {
  /** Due days, both inclusive (YYYY-MM-DD). */
  from: string
  to: string
  advisorId?: string
  /** Group admins name the dealership. */
  dealershipId?: string
}

/** The reminder funnel, control group and uplift of the vehicles due in a period. */
export function getReminderFunnel(query: FunnelPeriodQuery): Promise<ReminderFunnelResponse> {
  return api.get<ReminderFunnelResponse>('/api/reminders/funnel', { ...query })
}

/** The same as CSV (H5: downloaded; mini-program: offered to forward to a chat). */
export function exportReminderFunnelCsv(query: FunnelPeriodQuery): Promise<void> {
  return downloadAuthed('/api/reminders/funnel.csv', `提醒效果-${query.from}_${query.to}.csv`, { ...query })
}
