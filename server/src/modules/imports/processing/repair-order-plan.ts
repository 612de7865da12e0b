import type { Types } from 'mongoose';
import type { RepairOrderImportRecord, RowIssue } from '../parsing';
import type { SetById } from './bulk';
import type { RowReport } from './types';
import type { IndexedVehicle } from './vehicle-index';

/** What the repair-order importer plans for a batch of rows before writing it. */

export interface Planned {
  row: number;
  record: RepairOrderImportRecord;
  warnings: number;
  vehicle: IndexedVehicle;
}

export interface RoPlan {
  rows: number[];
  issues: Map<number, RowIssue[]>;
  reports: Map<number, RowReport>;
  inserts: { docs: Record<string, unknown>[]; rows: Planned[] };
  updates: { docs: SetById[]; rows: Planned[] };
  /** Stored, unchanged rows of a resumed run: written by the crashed run, their hooks maybe not. */
  replayed: { ids: Types.ObjectId[]; rows: Planned[] };
}
