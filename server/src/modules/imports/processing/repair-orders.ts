import { Types } from 'mongoose';
import { op } from '../../../lib/query';
import { ServiceRecord } from '../../vehicles/service-record.model';
import { Vehicle } from '../../vehicles/vehicle.model';
import { advisorsByName } from '../../staff/staff.service';
import {
  normalizeRepairOrderRow,
  type RepairOrderImportRecord,
  type RowIssue,
  type TableRow
} from '../parsing';
import { changedFields, insertAllowingDuplicates, planUpdate, presentOnly, updateByIds } from './bulk';
import { fingerprint } from './fingerprint';
import { MileageUpdates } from './mileage';
import { issueTexts, issuesOf, rowFailure, withIssues } from './row-issues';
import { RepairOrderHookHandOff } from './repair-order-hooks';
import type { Planned, RoPlan } from './repair-order-plan';
import type { BatchImporter, ImportContext, RowReport } from './types';
import { VehicleIndex } from './vehicle-index';

type StoredRecord = Record<string, unknown> & {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  roNumber: string;
};

/** Bounds the job's vehicle cache (~200 bytes each); beyond it the cache starts again. */
const MAX_CACHED_VEHICLES = 200_000;

export const NO_VEHICLE = '未找到车辆：请先导入该车辆所属的客户档案';
export const DUPLICATE_CONFLICT = '工单号在文件中重复出现且内容不同，已按第一次出现的行导入';
export const CONCURRENT_WRITE = '该工单正被另一个导入同时写入，请稍后重新导入本文件';

/**
 * Repair orders → service records, upserted by (dealership, RO number). The vehicle is found
 * by VIN, else plate (row error when none); the customer is the vehicle's; the advisor is the
 * dealership's advisor of that name, else only the name is kept. The newest odometer reading
 * per vehicle is written at each flush.
 */
export class RepairOrderImporter implements BatchImporter<RoPlan> {
  private advisors = new Map<string, Types.ObjectId>();
  /** RO numbers met in this file → fingerprint of their first record (later repeats are not imported). */
  private readonly seen = new Map<string, number>();
  private readonly mileage = new MileageUpdates();
  /**
   * Vehicles read so far in this job: a vehicle has many repair orders spread over the
   * file, and on FerretDB reading a document costs about as much as inserting one.
   */
  private readonly vehicles = new VehicleIndex();
  /**
   * Mileage is written at checkpoints only (see MileageUpdates), so they are rare: every
   * flush updates most vehicles of a date-ordered export again. A graceful stop and the end
   * always checkpoint; only a crash redoes rows (counted unchanged the second time).
   */
  readonly checkpointRows = 250_000;
  /** The hooks of the last written batch run while the next batch is planned and written. */
  private readonly hooks: RepairOrderHookHandOff;

  constructor(private readonly ctx: ImportContext) {
    this.hooks = new RepairOrderHookHandOff(ctx.hooks, ctx.dealershipId);
  }

  async begin(): Promise<void> {
    this.advisors = await advisorsByName(String(this.ctx.dealershipId));
  }

  replay(row: TableRow): void {
    const result = normalizeRepairOrderRow(row, this.ctx.columns);
    if (result.ok && !this.seen.has(result.record.roNumber))
      this.seen.set(result.record.roNumber, fingerprint(result.record));
  }

  private roColumn(): string {
    return this.ctx.columns.fields.roNumber?.[0] ?? '工单号';
  }

  private vehicleColumn(record: { vin: string | null }): string {
    const fields = this.ctx.columns.fields;
    return (record.vin ? fields.vin?.[0] : (fields.plate?.[0] ?? fields.vin?.[0])) ?? 'VIN';
  }

  private desired(p: Planned): Record<string, unknown> {
    const { record, vehicle } = p;
    const advisor =
      record.advisorName === null
        ? {}
        : { advisorName: record.advisorName, advisorId: this.advisors.get(record.advisorName) ?? null };
    return {
      vehicleId: vehicle._id,
      customerId: vehicle.customerId,
      serviceDate: record.serviceDate,
      type: record.serviceType,
      amountFen: record.amountFen,
      paid: record.paid,
      // An empty cell (or a column this export lacks) never erases what is stored.
      ...presentOnly({
        payer: record.payer,
        dateOut: record.dateOut,
        profitFen: record.profitFen,
        mileageKm: record.mileageKm
      }),
      ...advisor
    };
  }

  async plan(rows: readonly TableRow[]): Promise<RoPlan> {
    const reports = new Map<number, RowReport>();
    const issues = new Map<number, RowIssue[]>();
    const valid: { row: number; record: RepairOrderImportRecord; warnings: number }[] = [];
    for (const row of rows) {
      const result = normalizeRepairOrderRow(row, this.ctx.columns);
      issues.set(row.rowNumber, issuesOf(result));
      if (result.ok)
        valid.push({ row: row.rowNumber, record: result.record, warnings: result.warnings.length });
      else
        reports.set(
          row.rowNumber,
          rowFailure(row.rowNumber, issueTexts(result.errors), result.warnings.length)
        );
    }

    if (this.vehicles.size > MAX_CACHED_VEHICLES) this.vehicles.clear();
    await this.vehicles.include(
      this.ctx.dealershipId,
      valid.map((v) => v.record)
    );
    const vehicles = this.vehicles;
    const planned: Planned[] = [];
    for (const v of valid) {
      const print = fingerprint(v.record);
      const first = this.seen.get(v.record.roNumber);
      const vehicle = vehicles.find(v.record.vin, v.record.plate);
      if (first !== undefined) {
        // A repeated RO number: the first row was imported, the repeat changes nothing.
        reports.set(
          v.row,
          first === print
            ? { rowNumber: v.row, outcome: 'unchanged', errors: [], warnings: v.warnings }
            : rowFailure(v.row, [{ column: this.roColumn(), reason: DUPLICATE_CONFLICT }], v.warnings)
        );
      } else if (!vehicle) {
        reports.set(
          v.row,
          rowFailure(v.row, [{ column: this.vehicleColumn(v.record), reason: NO_VEHICLE }], v.warnings)
        );
      } else {
        this.seen.set(v.record.roNumber, print);
        planned.push({ ...v, vehicle });
      }
    }

    const existing = await this.existing(planned.map((p) => p.record.roNumber));
    const plan: RoPlan = {
      rows: rows.map((r) => r.rowNumber),
      issues,
      reports,
      inserts: { docs: [], rows: [] },
      updates: { docs: [], rows: [] },
      replayed: { ids: [], rows: [] }
    };
    for (const p of planned) {
      const desired = this.desired(p);
      const stored = existing.get(p.record.roNumber);
      const preview = this.ctx.dryRun ? { record: { ...p.record } } : {};
      if (!stored) {
        plan.inserts.docs.push(this.newRecord(p, desired));
        plan.inserts.rows.push(p);
        reports.set(p.row, {
          rowNumber: p.row,
          outcome: 'created',
          errors: [],
          warnings: p.warnings,
          ...preview
        });
      } else {
        const changed = planUpdate(plan.updates, stored, changedFields(stored, desired), p, this.ctx.now);
        if (!changed && this.ctx.resumed) {
          plan.replayed.ids.push(stored._id);
          plan.replayed.rows.push(p);
        }
        reports.set(p.row, {
          rowNumber: p.row,
          outcome: changed ? 'updated' : 'unchanged',
          errors: [],
          warnings: p.warnings,
          ...preview
        });
      }
      this.mileage.note(p.vehicle, p.record.mileageKm, p.record.serviceDate);
    }

    return plan;
  }

  async write(plan: RoPlan): Promise<RowReport[]> {
    if (!this.ctx.dryRun) {
      const refusedInserts = await insertAllowingDuplicates(ServiceRecord.collection, plan.inserts.docs);
      const refusedUpdates = await updateByIds(ServiceRecord.collection, plan.updates.docs);
      const lost = [
        ...[...refusedInserts].map((i) => plan.inserts.rows[i]),
        ...[...refusedUpdates].map((i) => plan.updates.rows[i])
      ];
      for (const p of lost)
        plan.reports.set(
          p.row,
          rowFailure(p.row, [{ column: this.roColumn(), reason: CONCURRENT_WRITE }], p.warnings)
        );
      await this.hooks.handOff(plan, refusedInserts, refusedUpdates);
    }
    return withIssues(plan);
  }

  /** Stored records of this dealership with these RO numbers (see VehicleIndex.load on the filter). */
  private async existing(roNumbers: string[]): Promise<Map<string, StoredRecord>> {
    const map = new Map<string, StoredRecord>();
    if (roNumbers.length === 0) return map;
    const found = await ServiceRecord.find({ roNumber: op.in(roNumbers) }).lean<StoredRecord[]>();
    for (const r of found) if (r.dealershipId.equals(this.ctx.dealershipId)) map.set(r.roNumber, r);
    return map;
  }

  private newRecord(p: Planned, desired: Record<string, unknown>): Record<string, unknown> {
    return ServiceRecord.applyDefaults({
      _id: new Types.ObjectId(),
      dealershipId: this.ctx.dealershipId,
      roNumber: p.record.roNumber,
      ...desired,
      createdAt: this.ctx.now,
      updatedAt: this.ctx.now
    });
  }

  async flush(): Promise<void> {
    await this.hooks.done();
    await this.mileage.flush(Vehicle.collection, this.ctx.now, this.ctx.dryRun);
  }
}
