import { api, type UploadFile } from './request'
import { downloadAuthed } from './download'
import type { ImportAccepted, ImportJob, ImportKind, ImportList } from './api-types'

export interface StartImport {
  file: UploadFile
  kind: ImportKind
  dryRun: boolean
  /** Optional column mapping, sent as a JSON string. */
  mapping?: Record<string, string>
}

export function startImport(input: StartImport): Promise<{ id: string }> {
  const fields: Record<string, string> = { kind: input.kind, dryRun: input.dryRun ? 'true' : 'false' }
  if (input.mapping) fields.mapping = JSON.stringify(input.mapping)
  return api.upload<ImportAccepted>('/api/imports', input.file, fields)
}

export function getImport(id: string): Promise<ImportJob> {
  return api.get<ImportJob>(`/api/imports/${encodeURIComponent(id)}`)
}

export function listImports(): Promise<ImportList> {
  return api.get<ImportList>('/api/imports')
}

export function importErrorsCsvUrl(id: string): string {
  return api.url(`/api/imports/${encodeURIComponent(id)}/errors.csv`)
}

export function downloadImportErrors(id: string): Promise<void> {
  return downloadAuthed(`/api/imports/${encodeURIComponent(id)}/errors.csv`, `导入错误-${id}.csv`)
}
