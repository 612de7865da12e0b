import { api } from './request'
import type { CompleteTask, TaskList, TaskView } from './api-types'

export interface TaskQuery {
  status?: 'open' | 'done'
  page?: number
  pageSize?: number
  dealershipId?: string
}

/** Care tasks: an advisor sees their own, a manager the dealership's. */
export function listTasks(query: TaskQuery): Promise<TaskList> {
  return api.get<TaskList>('/api/tasks', { ...query })
}

/** Marks a task done and logs the contact in the customer's archive. */
export function completeTask(id: string, input: CompleteTask): Promise<TaskView> {
  return api.post<TaskView>(`/api/tasks/${encodeURIComponent(id)}/done`, input)
}
