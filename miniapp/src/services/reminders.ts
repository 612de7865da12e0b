import { api } from './request'
import type { LogCall, ReminderCallView, RemindResult, WorkbenchQuery, WorkbenchResponse } from './api-types'

/** The advisor's workbench: their customers' due events (a manager's: the dealership's). */
export function loadWorkbench(query: WorkbenchQuery): Promise<WorkbenchResponse> {
  return api.get<WorkbenchResponse>('/api/reminders/workbench', { ...query })
}

/** Pushes the one reminder of a due event (WeChat message, inbox or a call task). */
export function pushReminder(dueEventId: string): Promise<RemindResult> {
  return api.post<RemindResult>(`/api/reminders/${encodeURIComponent(dueEventId)}/remind`, {})
}

/** Logs a call about a due event (also written to the customer's contact log). */
export function logReminderCall(dueEventId: string, input: LogCall): Promise<ReminderCallView> {
  return api.post<ReminderCallView>(`/api/reminders/${encodeURIComponent(dueEventId)}/calls`, input)
}
