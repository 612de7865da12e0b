/**
 * The API contract of the mini-program: every request and response shape is derived from the
 * zod schemas in @dealer/shared (the same schemas the server validates against and its tests
 * check every answer with). Nothing here is written by hand. TYPE-ONLY imports: the schemas
 * (and zod) are never bundled into the mini-program; `import type` is erased by the compiler.
 * One file per area in `api-types/`; pages import from here.
 */
export type { ItemList, SchemaOutput } from './api-types/schema'
export type * from './api-types/session'
export type * from './api-types/owner'
export type * from './api-types/customers'
export type * from './api-types/care'
export type * from './api-types/insights'
export type * from './api-types/bookings'
export type * from './api-types/reminders'
export type * from './api-types/aftercare'
export type * from './api-types/points'
export type * from './api-types/lottery'
