import type { Types } from 'mongoose';
import { clock, shanghaiDate } from './lib/clock';
import { op } from './lib/query';
import { catchUpSurveys } from './modules/aftercare/survey-catch-up';
import { surveyAnswersSince } from './modules/aftercare/survey.service';
import { complaintFigures, satisfactionFigures } from './modules/aftercare/aftercare-kpis';
import type { BindingHooks, OwnerBound } from './modules/bindings/binding-hooks';
import type { BookingHooks } from './modules/bookings/booking-hooks';
import { linkServedBookings } from './modules/bookings/booking-served';
import type { CareSources } from './modules/care/care-sources';
import { refreshAfterReading, refreshVehiclesDue } from './modules/due/due-refresh.service';
import type { ImportHooks, WrittenRepairOrder } from './modules/imports/import-hooks';
import type { KpiSources } from './modules/kpis/kpi-aftercare';
import { PayOrder } from './modules/pay/pay-order.model';
import { creditRepairOrders } from './modules/points/points-earning.service';
import type { PointsSources } from './modules/points/points-sources';
import { recordReferral } from './modules/points/referral.service';
import { resolveSegmentFilter } from './modules/segments/segment.service';
import { claimSegmentUse, releaseSegment } from './modules/segments/segment-guard';
import { customersUpgradedOn } from './modules/tiers/tier-upgrades';

/**
 * The wiring between modules, part of the composition root: what a lower module needs from a
 * higher one (sources it reads, hooks it sets off) is passed down from here instead of imported
 * upward. composition.ts hands it to the modules; scripts that run one module's work without
 * the app take it alone (`wireModules()`).
 */

/** What lower modules read from higher ones, passed down instead of imported upward. */
export interface ModuleWiring {
  care: CareSources;
  kpis: KpiSources;
  imports: ImportHooks;
  /** Bookings tell the due engine of a new reading (due reads bookings, so bookings cannot import it). */
  bookings: BookingHooks;
  /** Sources of points events (the aftercare module's survey answers, once it exports them). */
  points: PointsSources;
  /** What a binding sets off: the surveys of the customer's recent visits, the share's referral. */
  bindings: BindingHooks;
}

/**
 * What an imported batch of repair orders sets off: bookings of those vehicles and days are
 * served, customer-paid orders earn points (once per RO number), and the vehicles' due events
 * are recomputed now rather than tonight. Each step is idempotent (a resumed import repeats it).
 */
async function afterRepairOrdersWritten(
  dealershipId: Types.ObjectId,
  records: readonly WrittenRepairOrder[]
): Promise<void> {
  await linkServedBookings(dealershipId, records);
  await creditRepairOrders(String(dealershipId), records);
  await refreshVehiclesDue(
    String(dealershipId),
    records.map((r) => r.vehicleId),
    shanghaiDate(clock.now())
  );
}

/**
 * What a binding sets off: the surveys of the customer's recent visits (on every bind, so an
 * interrupted one is completed) and, for a new binding, the referral of the share it came through.
 */
async function afterOwnerBound(event: OwnerBound): Promise<void> {
  await catchUpSurveys(event);
  if (event.newlyBound) await recordReferral(event);
}

/** Purchases stored as WeChat Pay orders: the pay module frees their stock claims itself. */
async function storedPayOrders(holderIds: readonly Types.ObjectId[]): Promise<Set<string>> {
  const orders = await PayOrder.find({ _id: op.in(holderIds) }, { _id: 1 }).lean();
  return new Set(orders.map((o) => String(o._id)));
}

/** The wiring alone, for scripts that run one module's work without the app (scripts/import.ts). */
export function wireModules(): ModuleWiring {
  return {
    care: {
      segmentFilter: resolveSegmentFilter,
      tierUpgrades: customersUpgradedOn,
      segmentUse: { claim: claimSegmentUse, release: releaseSegment }
    },
    kpis: { aftercare: { satisfaction: satisfactionFigures, complaints: complaintFigures } },
    imports: { repairOrdersWritten: afterRepairOrdersWritten },
    bookings: { mileageRecorded: refreshAfterReading },
    points: { surveyAnswersSince, claimHoldersKept: storedPayOrders },
    bindings: { ownerBound: afterOwnerBound }
  };
}
