import { api } from './request'
import { downloadAuthed } from './download'
import type {
  Contact,
  ContactInput,
  CustomerDetail,
  CustomerList,
  CustomerPatch,
  CustomerQuery,
  CustomerRecord,
  NewCustomer,
  ReassignResult
} from './api-types'
import type { SegmentFilter } from './api-types'
import { filterToQuery } from '../utils/segment-filter'

/**
 * The customer list. `filter` (classes, tags, advisor, bound) goes out as `tier=A,B&…`;
 * its advisor and tag take the place of the query's own when set.
 */
export function searchCustomers(query: CustomerQuery, filter: SegmentFilter = {}): Promise<CustomerList> {
  return api.get<CustomerList>('/api/customers', { ...query, ...filterToQuery(filter) })
}

export function getCustomer(id: string): Promise<CustomerDetail> {
  return api.get<CustomerDetail>(`/api/customers/${encodeURIComponent(id)}`)
}

export function createCustomer(input: NewCustomer): Promise<CustomerRecord> {
  return api.post<CustomerRecord>('/api/customers', input)
}

export function updateCustomer(id: string, patch: CustomerPatch): Promise<CustomerRecord> {
  return api.patch<CustomerRecord>(`/api/customers/${encodeURIComponent(id)}`, patch)
}

export function logContact(customerId: string, input: ContactInput): Promise<Contact> {
  return api.post<Contact>(`/api/customers/${encodeURIComponent(customerId)}/contacts`, input)
}

export function exportCustomersCsv(query: CustomerQuery, filter: SegmentFilter = {}): Promise<void> {
  const { q, advisorId, tag } = query
  return downloadAuthed('/api/customers/export.csv', `客户导出-${new Date().toISOString().slice(0, 10)}.csv`, { q, advisorId, tag, ...filterToQuery(filter) })
}

export function reassignCustomers(fromAdvisorId: string, toAdvisorId: string): Promise<ReassignResult> {
  return api.post<ReassignResult>('/api/customers/reassign', { fromAdvisorId, toAdvisorId })
}
