import type {
  accessLogEntry,
  accessLogPage,
  accessLogQuery,
  contactView,
  createContactRequest,
  createCustomerRequest,
  customerArchive,
  customerListItem,
  customerListQuery,
  customerListResponse,
  importAccepted,
  importColumns,
  importJob,
  importKind,
  importList,
  importRowError,
  importStatus,
  importUnreadable,
  reassignResponse,
  updateCustomerRequest
} from '@dealer/shared'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- staff: customers ----
export type CustomerSummary = SchemaOutput<typeof customerListItem>
export type CustomerList = SchemaOutput<typeof customerListResponse>
/** The list's own query fields (the segment filter travels beside them). */
export type CustomerQuery = Partial<Pick<SchemaOutput<typeof customerListQuery>, 'q' | 'advisorId' | 'tag' | 'dealershipId' | 'page' | 'pageSize'>>
export type CustomerDetail = SchemaOutput<typeof customerArchive>
export type CustomerRecord = CustomerDetail['customer']
export type Contact = SchemaOutput<typeof contactView>
export type ContactChannel = Contact['channel']
export type ContactInput = SchemaInput<typeof createContactRequest>
export type ReassignResult = SchemaOutput<typeof reassignResponse>
export type NewCustomer = SchemaInput<typeof createCustomerRequest>
export type CustomerPatch = SchemaInput<typeof updateCustomerRequest>

// ---- access log ----
export type AccessLogEntry = SchemaOutput<typeof accessLogEntry>
export type AccessLogPage = SchemaOutput<typeof accessLogPage>
export type AccessAction = AccessLogEntry['action']
export type AccessLogQuery = Partial<Pick<SchemaOutput<typeof accessLogQuery>, 'customerId' | 'staffId' | 'action' | 'dealershipId' | 'page' | 'pageSize'>>

// ---- imports ----
export type ImportKind = SchemaOutput<typeof importKind>
export type ImportStatus = SchemaOutput<typeof importStatus>
export type ImportRowError = SchemaOutput<typeof importRowError>
export type ImportJob = SchemaOutput<typeof importJob>
export type ImportList = SchemaOutput<typeof importList>
export type ImportAccepted = SchemaOutput<typeof importAccepted>
export type ImportColumns = SchemaOutput<typeof importColumns>
export type ImportUnreadable = SchemaOutput<typeof importUnreadable>
