import type { Types } from 'mongoose';

/** A repair order the import has just written: its vehicle, customer, day and what was paid. */
export interface WrittenRepairOrder {
  _id: Types.ObjectId;
  roNumber: string;
  vehicleId: Types.ObjectId;
  customerId: Types.ObjectId;
  /** YYYY-MM-DD */
  serviceDate: string;
  amountFen: number;
  paid: boolean;
  payer: string | null;
  /**
   * Inserted by this write (the import found no stored record with its RO number): nothing
   * can have been recorded for it before, so listeners may skip looking for earlier revisions
   * (their own unique keys still decide).
   */
  created: boolean;
}

/**
 * What other modules do when the import writes records. Modules above imports (bookings
 * links served bookings, due events refresh) are passed in by the composition root, so
 * the import never imports them. Hooks must be idempotent: a resumed import calls them
 * again for the rows it redoes.
 */
export interface ImportHooks {
  /** After each repair-order batch is written (never on a dry run). */
  repairOrdersWritten(dealershipId: Types.ObjectId, records: readonly WrittenRepairOrder[]): Promise<void>;
}

/** No one listens (tools and tests that run an import alone). */
export const NO_IMPORT_HOOKS: ImportHooks = { repairOrdersWritten: async () => undefined };
