import { Customer } from '../../customers/customer.model';
import { Vehicle } from '../../vehicles/vehicle.model';
import { insertAllowingDuplicates, updateByIds, type SetById } from './bulk';

interface Planned<T> {
  docs: T[];
  /** The row number behind each document. */
  rows: number[];
}

/** The writes planned for one batch of a customers file. */
export class Writes {
  readonly customerInserts: Planned<Record<string, unknown>> = { docs: [], rows: [] };
  readonly customerUpdates: Planned<SetById> = { docs: [], rows: [] };
  readonly vehicleInserts: Planned<Record<string, unknown>> = { docs: [], rows: [] };
  readonly vehicleUpdates: Planned<SetById> = { docs: [], rows: [] };

  /**
   * Customers first, then vehicles (which point at them). Returns the rows whose write a
   * unique index refused: a concurrent import wrote the same customer or vehicle meanwhile
   * (importing the file again settles it). Vehicles that would point at a customer not
   * written are not written either.
   */
  async apply(): Promise<Set<number>> {
    const failedRows = new Set<number>();
    const lostCustomers = new Set<string>();
    for (const i of await insertAllowingDuplicates(Customer.collection, this.customerInserts.docs)) {
      failedRows.add(this.customerInserts.rows[i]);
      lostCustomers.add(String(this.customerInserts.docs[i]._id));
    }
    for (const i of await updateByIds(Customer.collection, this.customerUpdates.docs)) {
      failedRows.add(this.customerUpdates.rows[i]);
    }
    const keep = (customerId: unknown, row: number) => {
      if (!lostCustomers.has(String(customerId))) return true;
      failedRows.add(row);
      return false;
    };
    const inserts = this.vehicleInserts.docs
      .map((doc, i) => ({ doc, row: this.vehicleInserts.rows[i] }))
      .filter((w) => keep(w.doc.customerId, w.row));
    const updates = this.vehicleUpdates.docs
      .map((doc, i) => ({ doc, row: this.vehicleUpdates.rows[i] }))
      .filter((w) => keep(w.doc.set.customerId, w.row));
    const refusedInserts = await insertAllowingDuplicates(
      Vehicle.collection,
      inserts.map((w) => w.doc)
    );
    for (const i of refusedInserts) failedRows.add(inserts[i].row);
    const refusedUpdates = await updateByIds(
      Vehicle.collection,
      updates.map((w) => w.doc)
    );
    for (const i of refusedUpdates) failedRows.add(updates[i].row);
    return failedRows;
  }
}
