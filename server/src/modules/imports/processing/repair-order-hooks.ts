import type { Types } from 'mongoose';
import type { ImportHooks, WrittenRepairOrder } from '../import-hooks';
import type { Planned, RoPlan } from './repair-order-plan';

/**
 * The hand-off of written repair orders to `ImportHooks.repairOrdersWritten`. The hooks of the
 * last written batch keep running while the next batch is planned and written; they are
 * awaited before the next batch's hooks start and at every flush, so a checkpoint (and the
 * import's end) only ever covers rows whose hooks are done.
 */
export class RepairOrderHookHandOff {
  private pending: Promise<void> | null = null;

  constructor(
    private readonly hooks: ImportHooks,
    private readonly dealershipId: Types.ObjectId
  ) {}

  /** Waits for the previous batch's hooks, then starts this batch's (not awaited). */
  async handOff(plan: RoPlan, refusedInserts: Set<number>, refusedUpdates: Set<number>): Promise<void> {
    await this.done();
    const running = this.hooks.repairOrdersWritten(
      this.dealershipId,
      writtenOf(plan, refusedInserts, refusedUpdates)
    );
    running.catch(() => undefined); // awaited by done(); this only avoids an unhandled rejection meanwhile
    this.pending = running;
  }

  /** Waits for the last batch's hooks (a failure fails the import here). */
  async done(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    await pending;
  }
}

/** The repair orders a batch wrote (created or updated, not refused), for ImportHooks. */
function writtenOf(
  plan: RoPlan,
  refusedInserts: Set<number>,
  refusedUpdates: Set<number>
): WrittenRepairOrder[] {
  const written = (
    ids: readonly Types.ObjectId[],
    rows: readonly Planned[],
    refused: Set<number>,
    created = false
  ) =>
    rows.flatMap((p, i) =>
      refused.has(i)
        ? []
        : [
            {
              _id: ids[i],
              roNumber: p.record.roNumber,
              vehicleId: p.vehicle._id,
              customerId: p.vehicle.customerId,
              serviceDate: p.record.serviceDate,
              amountFen: p.record.amountFen,
              paid: p.record.paid,
              payer: p.record.payer,
              created
            }
          ]
    );
  return [
    ...written(
      plan.inserts.docs.map((d) => d._id as Types.ObjectId),
      plan.inserts.rows,
      refusedInserts,
      true
    ),
    ...written(
      plan.updates.docs.map((u) => u._id),
      plan.updates.rows,
      refusedUpdates
    ),
    ...written(plan.replayed.ids, plan.replayed.rows, new Set())
  ];
}
