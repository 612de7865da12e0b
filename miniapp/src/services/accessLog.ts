import { api } from './request'
import type { AccessLogEntry, AccessLogQuery } from './api-types'

export interface AccessLogPage {
  items: AccessLogEntry[]
  total: number
  page?: number
  pageSize?: number
}

export function listAccessLog(query: AccessLogQuery): Promise<AccessLogPage> {
  return api.get<AccessLogPage>('/api/access-log', { ...query })
}
