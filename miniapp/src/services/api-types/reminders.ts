import type { callView, logCallRequest, remindResponse, workbenchItem, workbenchQuery, workbenchResponse } from '@dealer/shared'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- service reminders: the advisor's workbench ----
export type WorkbenchItem = SchemaOutput<typeof workbenchItem>
export type WorkbenchResponse = SchemaOutput<typeof workbenchResponse>
export type WorkbenchQuery = Partial<SchemaOutput<typeof workbenchQuery>>
export type RemindResult = SchemaOutput<typeof remindResponse>
export type ReminderCallView = SchemaOutput<typeof callView>
export type LogCall = SchemaInput<typeof logCallRequest>
