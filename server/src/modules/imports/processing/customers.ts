import { Types } from 'mongoose';
import { op } from '../../../lib/query';
import { cleanText } from '@dealer/shared/domain';
import { Customer } from '../../customers/customer.model';
import { advisorsByName } from '../../staff/staff.service';
import { normalizeCustomerRow, type CustomerImportRecord, type RowIssue, type TableRow } from '../parsing';
import { changedFields, planUpdate } from './bulk';
import { Writes } from './customer-writes';
import {
  customerChanges,
  newCustomer,
  newVehicle,
  vehicleChanges,
  type StoredCustomer
} from './customer-docs';
import { issueTexts, issuesOf, rowFailure, withIssues } from './row-issues';
import type { BatchImporter, ImportContext, RowOutcome, RowReport } from './types';
import { plateKey, VehicleIndex, vinKey } from './vehicle-index';
import { CONCURRENT_WRITE } from './repair-orders';

interface ValidRow {
  row: number;
  record: CustomerImportRecord;
  warnings: number;
  advisorName: string | null;
}

type Part = Exclude<RowOutcome, 'failed'>;

const combine = (a: Part, b: Part): Part =>
  a === 'created' || b === 'created'
    ? 'created'
    : a === 'updated' || b === 'updated'
      ? 'updated'
      : 'unchanged';

const vehicleKeys = (v: { vin: string | null; plate: string | null }) =>
  [v.vin ? vinKey(v.vin) : null, v.plate ? plateKey(v.plate) : null].filter((k): k is string => k !== null);

interface CustomerPlan {
  rows: number[];
  issues: Map<number, RowIssue[]>;
  reports: Map<number, RowReport>;
  writes: Writes;
}

/**
 * Customers (+ their vehicle) → archives upserted by (dealership, mobile), vehicles by VIN
 * else plate, each vehicle linked to the row's customer. A row without a usable mobile is
 * matched through its vehicle's owner. The first row of a file for a customer or vehicle is
 * the one imported: a later row repeating it leaves it unchanged (its other part, e.g. a
 * second car of the same owner, is still imported).
 */
export class CustomerImporter implements BatchImporter<CustomerPlan> {
  private advisors = new Map<string, Types.ObjectId>();
  /** mobile → archive id (null: seen before a resume, look it up). */
  private readonly seenCustomers = new Map<string, Types.ObjectId | null>();
  /** vehicle key → its vehicle and owner (null: seen before a resume). */
  private readonly seenVehicles = new Map<string, { customerId: Types.ObjectId } | null>();
  /** Archives this file already imported into (also those matched through a vehicle). */
  private readonly handledCustomers = new Set<string>();

  /** Every batch is written in full, so a checkpoint costs nothing extra. */
  readonly checkpointRows = 1;

  constructor(private readonly ctx: ImportContext) {}

  async begin(): Promise<void> {
    this.advisors = await advisorsByName(String(this.ctx.dealershipId));
  }

  private normalize(row: TableRow) {
    return normalizeCustomerRow(row, this.ctx.columns, { today: this.ctx.today });
  }

  replay(row: TableRow): void {
    const result = this.normalize(row);
    if (!result.ok) return;
    if (result.record.mobile && !this.seenCustomers.has(result.record.mobile))
      this.seenCustomers.set(result.record.mobile, null);
    for (const key of result.record.vehicle ? vehicleKeys(result.record.vehicle) : [])
      if (!this.seenVehicles.has(key)) this.seenVehicles.set(key, null);
  }

  /** The customers file's advisor column (the parser leaves it out of the record). */
  private advisorName(row: TableRow): string | null {
    for (const column of this.ctx.columns.fields.advisorName ?? []) {
      const value = row.cells[column];
      const text = value === null || value === undefined ? '' : cleanText(String(value));
      if (text !== '') return text;
    }
    return null;
  }

  async plan(rows: readonly TableRow[]): Promise<CustomerPlan> {
    const reports = new Map<number, RowReport>();
    const issues = new Map<number, RowIssue[]>();
    const valid: ValidRow[] = [];
    for (const row of rows) {
      const result = this.normalize(row);
      issues.set(row.rowNumber, issuesOf(result));
      if (result.ok)
        valid.push({
          row: row.rowNumber,
          record: result.record,
          warnings: result.warnings.length,
          advisorName: this.advisorName(row)
        });
      else
        reports.set(
          row.rowNumber,
          rowFailure(row.rowNumber, issueTexts(result.errors), result.warnings.length)
        );
    }
    const vehicles = await VehicleIndex.load(
      this.ctx.dealershipId,
      valid.flatMap((v) => (v.record.vehicle ? [v.record.vehicle] : []))
    );
    const customers = await this.loadCustomers(valid, vehicles);
    const writes = new Writes();
    for (const v of valid) {
      const outcome = this.planRow(v, vehicles, customers, writes);
      reports.set(v.row, {
        rowNumber: v.row,
        outcome,
        errors: [],
        warnings: v.warnings,
        ...(this.ctx.dryRun ? { record: { ...v.record } } : {})
      });
    }
    return { rows: rows.map((r) => r.rowNumber), issues, reports, writes };
  }

  async write(plan: CustomerPlan): Promise<RowReport[]> {
    if (!this.ctx.dryRun) {
      const column = this.ctx.columns.fields.mobile?.[0] ?? '手机号';
      for (const row of await plan.writes.apply()) {
        plan.reports.set(
          row,
          rowFailure(row, [{ column, reason: CONCURRENT_WRITE }], plan.reports.get(row)?.warnings ?? 0)
        );
      }
    }
    return withIssues(plan);
  }

  /** Archives by the batch's mobiles and the owners of its known vehicles (dealership checked here). */
  private async loadCustomers(
    valid: ValidRow[],
    vehicles: VehicleIndex
  ): Promise<{ byMobile: Map<string, StoredCustomer>; byId: Map<string, StoredCustomer> }> {
    const mobiles = [...new Set(valid.flatMap((v) => (v.record.mobile ? [v.record.mobile] : [])))];
    const owners = valid.flatMap((v) => {
      const found = v.record.vehicle ? vehicles.find(v.record.vehicle.vin, v.record.vehicle.plate) : null;
      return found ? [found.customerId] : [];
    });
    const found = [
      ...(mobiles.length ? await Customer.find({ mobileKey: op.in(mobiles) }).lean<StoredCustomer[]>() : []),
      ...(owners.length ? await Customer.find({ _id: op.in(owners) }).lean<StoredCustomer[]>() : [])
    ].filter((c) => c.dealershipId.equals(this.ctx.dealershipId));
    return {
      byMobile: new Map(found.filter((c) => c.mobile).map((c) => [c.mobile as string, c])),
      byId: new Map(found.map((c) => [String(c._id), c]))
    };
  }

  private planRow(
    v: ValidRow,
    vehicles: VehicleIndex,
    customers: { byMobile: Map<string, StoredCustomer>; byId: Map<string, StoredCustomer> },
    writes: Writes
  ): Part {
    const { record } = v;
    const keys = record.vehicle ? vehicleKeys(record.vehicle) : [];
    const seenVehicleKey = keys.find((k) => this.seenVehicles.has(k));
    const storedVehicle = record.vehicle ? vehicles.find(record.vehicle.vin, record.vehicle.plate) : null;
    const owner = storedVehicle ? customers.byId.get(String(storedVehicle.customerId)) : undefined;

    // 1. The customer.
    let customerId: Types.ObjectId;
    let customerPart: Part = 'unchanged';
    let existing: StoredCustomer | undefined;
    const seenCustomer = record.mobile ? this.seenCustomers.get(record.mobile) : undefined;
    if (record.mobile && this.seenCustomers.has(record.mobile)) {
      customerId = seenCustomer ?? customers.byMobile.get(record.mobile)?._id ?? new Types.ObjectId();
    } else if (!record.mobile && seenVehicleKey) {
      customerId =
        this.seenVehicles.get(seenVehicleKey)?.customerId ??
        storedVehicle?.customerId ??
        new Types.ObjectId();
    } else {
      existing = record.mobile
        ? (customers.byMobile.get(record.mobile) ?? (owner && owner.mobile === null ? owner : undefined))
        : owner;
      if (existing && this.handledCustomers.has(String(existing._id))) {
        customerId = existing._id;
      } else if (existing) {
        customerId = existing._id;
        const changes = changedFields(existing, customerChanges(record, existing));
        if (planUpdate(writes.customerUpdates, existing, changes, v.row, this.ctx.now))
          customerPart = 'updated';
      } else {
        const advisorId = v.advisorName ? (this.advisors.get(v.advisorName) ?? null) : null;
        const doc = newCustomer(record, this.ctx.dealershipId, advisorId, this.ctx.now);
        writes.customerInserts.docs.push(doc);
        writes.customerInserts.rows.push(v.row);
        customerId = doc._id;
        customerPart = 'created';
      }
    }
    if (record.mobile) this.seenCustomers.set(record.mobile, customerId);
    this.handledCustomers.add(String(customerId));

    // 2. The vehicle.
    let vehiclePart: Part = 'unchanged';
    if (record.vehicle && !seenVehicleKey) {
      if (storedVehicle) {
        const changes = changedFields(
          storedVehicle,
          vehicleChanges(record.vehicle, customerId, storedVehicle)
        );
        if (planUpdate(writes.vehicleUpdates, storedVehicle, changes, v.row, this.ctx.now))
          vehiclePart = 'updated';
      } else {
        writes.vehicleInserts.docs.push(
          newVehicle(record.vehicle, this.ctx.dealershipId, customerId, this.ctx.now)
        );
        writes.vehicleInserts.rows.push(v.row);
        vehiclePart = 'created';
      }
      for (const key of keys) this.seenVehicles.set(key, { customerId });
    }
    return combine(customerPart, vehiclePart);
  }

  async flush(): Promise<void> {
    // Everything is written per batch.
  }
}
