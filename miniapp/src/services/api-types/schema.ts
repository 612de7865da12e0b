import type { z } from 'zod'

/** What a schema answers (its output type). */
export type SchemaOutput<S extends z.ZodType> = z.infer<S>
/** What a request schema accepts (its input type: optional fields, defaults not yet applied). */
export type SchemaInput<S extends z.ZodType> = z.input<S>
/** A list answer of the form `{ items }`. */
export type ItemList<T> = { items: T[] }
