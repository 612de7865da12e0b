import { api } from './request'
import { downloadAuthed } from './download'
import type { Contact, ContactInput, CustomerDetail, CustomerQuery, CustomerRecord, CustomerSummary, Page, ReassignResult } from './types'

export function searchCustomers(query: CustomerQuery): Promise<Page<CustomerSummary>> {
  return api.get<Page<CustomerSummary>>('/api/customers', { ...query })
}

export function getCustomer(id: string): Promise<CustomerDetail> {
  return api.get<CustomerDetail>(`/api/customers/${encodeURIComponent(id)}`)
}

export function createCustomer(input: Partial<CustomerRecord>): Promise<unknown> {
  return api.post<unknown>('/api/customers', input)
}

export function updateCustomer(id: string, patch: Partial<CustomerRecord>): Promise<unknown> {
  return api.patch<unknown>(`/api/customers/${encodeURIComponent(id)}`, patch)
}

export function logContact(customerId: string, input: ContactInput): Promise<Contact> {
  return api.post<Contact>(`/api/customers/${encodeURIComponent(customerId)}/contacts`, input)
}

export function exportCustomersCsv(query: CustomerQuery): Promise<void> {
  const { q, advisorId, tag } = query
  return downloadAuthed('/api/customers/export.csv', `客户导出-${new Date().toISOString().slice(0, 10)}.csv`, { q, advisorId, tag })
}

export function reassignCustomers(fromAdvisorId: string, toAdvisorId: string): Promise<ReassignResult> {
  return api.post<ReassignResult>('/api/customers/reassign', { fromAdvisorId, toAdvisorId })
}
