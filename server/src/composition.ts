import type Router from '@koa/router';
import { xlsxLimitsOf, type Config } from './config';
import type { AppDeps, Infrastructure } from './deps';
import { connectDatabase, ensureIndexes } from './lib/db';
import { JobCatalog, type JobDefinition } from './lib/jobs/define';
import type { Logger } from './lib/logger';
import { WechatClient } from './lib/wechat/client';
import { accessLogRoutes } from './modules/access-log/access-log.routes';
import { accountRoutes } from './modules/account/account.routes';
import { bindingRoutes } from './modules/bindings/binding.routes';
import { claimReviewRoutes } from './modules/bindings/claim-review.routes';
import { aftercareJobs } from './modules/aftercare/aftercare.jobs';
import { aftercareOwnerRoutes } from './modules/aftercare/aftercare-owner.routes';
import { aftercareKpiRoutes } from './modules/aftercare/aftercare-kpi.routes';
import { callbackRoutes } from './modules/aftercare/callback.routes';
import { complaintRoutes } from './modules/aftercare/complaint.routes';
import { bookingRoutes } from './modules/bookings/booking.routes';
import { bookingJobs } from './modules/bookings/booking.jobs';
import { ownerVehicleRoutes } from './modules/bindings/owner-vehicle.routes';
import { careJobs } from './modules/care/care.jobs';
import { careRoutes } from './modules/care/http/care.routes';
import { ownerSubscriptionRoutes } from './modules/care/http/owner-subscription.routes';
import { customerContactRoutes } from './modules/customers/customer-contact.routes';
import { customerRoutes } from './modules/customers/customer.routes';
import { customerVehicleRoutes } from './modules/customers/customer-vehicle.routes';
import { dealershipRoutes } from './modules/dealerships/dealership.routes';
import { demoRoutes } from './modules/demo/demo.routes';
import { dueNightlyJob } from './modules/due/due.jobs';
import { dueRoutes } from './modules/due/due.routes';
import { healthRoutes } from './modules/health/health.routes';
import { ImportWorker } from './modules/imports/import-worker';
import { importRoutes } from './modules/imports/import.routes';
import { kpiRoutes } from './modules/kpis/kpi.routes';
import { noticeRoutes } from './modules/notices/notice.routes';
import { ownerAuthRoutes } from './modules/owners/owner-auth.routes';
import { ownerProfileRoutes } from './modules/owners/owner-profile.routes';
import { reminderRoutes } from './modules/reminders/reminder.routes';
import { remindersDailyJob } from './modules/reminders/reminders.jobs';
import { segmentRoutes } from './modules/segments/segment.routes';
import { reminderResultsRoutes } from './modules/reminders/reminder-results.routes';
import { staffRoutes } from './modules/staff/staff.routes';
import { taskRoutes } from './modules/tasks/task.routes';
import { tierRoutes } from './modules/tiers/tier.routes';
import { tiersNightlyJob } from './modules/tiers/tiers.jobs';
import { pointsJobs } from './modules/points/points.jobs';
import { pointsOwnerRoutes } from './modules/points/points-owner.routes';
import { pointsStaffRoutes } from './modules/points/points-staff.routes';
import { rewardRoutes } from './modules/points/reward.routes';
import { lotteryJobs } from './modules/lottery/lottery.jobs';
import { lotteryOwnerRoutes } from './modules/lottery/lottery-owner.routes';
import { lotteryStaffRoutes } from './modules/lottery/lottery.routes';
import { payJobs, startPayFulfilment } from './modules/pay/pay.jobs';
import { PAY_RAW_BODY_PATHS, payNotificationRoutes } from './modules/pay/pay-notification.routes';
import { payOwnerRoutes } from './modules/pay/pay-owner.routes';
import { payStaffRoutes } from './modules/pay/pay-staff.routes';
import { wireModules, type ModuleWiring } from './module-wiring';

/**
 * The composition root: the one place that knows every module and wires them together.
 * The HTTP app (app.ts), the background work (workers.ts), the tests and every script
 * (scripts/*.ts) are built from `compose()`, so none of them can miss a route, a job or a
 * dependency that another one has. Nothing registers itself by being imported.
 */

export { wireModules, type ModuleWiring } from './module-wiring';

/** A running background worker (queue poller) that stops between batches. */
export interface Worker {
  stop(): Promise<void>;
}

/** What one module contributes to the server. */
export interface ServerModule {
  name: string;
  routes?(router: Router, deps: AppDeps): void;
  jobs?: readonly JobDefinition[];
  /** Queue workers that run beside the HTTP server whatever JOBS_ENABLED says. */
  workers?: ReadonlyArray<(deps: AppDeps) => Worker>;
  /** Paths whose handler reads the raw request body itself (signed bodies): the JSON parser skips them. */
  rawBodyPaths?: readonly string[];
}

/**
 * Every module (a folder of server/src/modules), in route-mounting order; a module without
 * routes, jobs or workers is listed too, so this list is the whole server. Adding a module
 * is one line here (and its layer in .dependency-cruiser.cjs).
 */
function serverModules(wiring: ModuleWiring): ServerModule[] {
  return [
    { name: 'health', routes: healthRoutes },
    { name: 'sessions' },
    { name: 'account', routes: accountRoutes },
    { name: 'staff', routes: staffRoutes },
    { name: 'owners', routes: (router, deps) => (ownerAuthRoutes(router, deps), ownerProfileRoutes(router)) },
    { name: 'demo', routes: demoRoutes },
    { name: 'dealerships', routes: dealershipRoutes },
    {
      name: 'bindings',
      routes: (router, deps) => (
        bindingRoutes(router, deps, wiring.bindings),
        ownerVehicleRoutes(router),
        claimReviewRoutes(router)
      )
    },
    {
      name: 'customers',
      routes: (router) => (
        customerRoutes(router),
        customerContactRoutes(router),
        customerVehicleRoutes(router)
      )
    },
    { name: 'contacts' },
    { name: 'vehicles' },
    { name: 'access-log', routes: accessLogRoutes },
    { name: 'notices', routes: noticeRoutes },
    {
      name: 'care',
      routes: (router) => (careRoutes(router, wiring.care), ownerSubscriptionRoutes(router)),
      jobs: careJobs(wiring.care)
    },
    { name: 'subscriptions' },
    { name: 'tasks', routes: taskRoutes },
    { name: 'kpis', routes: (router) => kpiRoutes(router, wiring.kpis) },
    { name: 'classes' },
    {
      name: 'imports',
      routes: importRoutes,
      workers: [
        (deps) =>
          new ImportWorker(deps.logger, {
            xlsxLimits: xlsxLimitsOf(deps.config),
            hooks: wiring.imports
          }).start()
      ]
    },
    { name: 'tiers', routes: tierRoutes, jobs: [tiersNightlyJob] },
    { name: 'segments', routes: segmentRoutes },
    { name: 'bookings', routes: (router) => bookingRoutes(router, wiring.bookings), jobs: bookingJobs },
    { name: 'due', routes: dueRoutes, jobs: [dueNightlyJob] },
    {
      name: 'aftercare',
      routes: (router, deps) => (
        callbackRoutes(router),
        complaintRoutes(router, deps),
        aftercareOwnerRoutes(router, deps),
        aftercareKpiRoutes(router)
      ),
      jobs: aftercareJobs
    },
    {
      name: 'reminders',
      routes: (router, deps) => (reminderRoutes(router, deps), reminderResultsRoutes(router)),
      jobs: [remindersDailyJob]
    },
    {
      name: 'points',
      routes: (router) => (pointsOwnerRoutes(router), pointsStaffRoutes(router), rewardRoutes(router)),
      jobs: pointsJobs(wiring.points)
    },
    {
      name: 'pay',
      routes: (router, deps) => (
        payNotificationRoutes(router, deps),
        payOwnerRoutes(router, deps),
        payStaffRoutes(router, deps)
      ),
      jobs: payJobs,
      workers: [startPayFulfilment],
      rawBodyPaths: PAY_RAW_BODY_PATHS
    },
    {
      name: 'lottery',
      routes: (router, deps) => (lotteryStaffRoutes(router, deps), lotteryOwnerRoutes(router, deps)),
      jobs: lotteryJobs
    }
  ];
}

export interface Composition {
  deps: AppDeps;
  modules: readonly ServerModule[];
  wiring: ModuleWiring;
  /** Mounts every module's routes on the router. */
  mountRoutes(router: Router): void;
  /** Paths the JSON body parser leaves alone (their handlers read the raw body). */
  rawBodyPaths: ReadonlySet<string>;
}

/** Builds the server's modules, their jobs and their wiring over the given infrastructure. */
export function compose(infrastructure: Infrastructure): Composition {
  const wiring = wireModules();
  const modules = serverModules(wiring);
  const jobs = new JobCatalog(modules.flatMap((m) => m.jobs ?? []));
  const deps: AppDeps = { ...infrastructure, jobs };
  return {
    deps,
    modules,
    wiring,
    mountRoutes(router) {
      for (const m of modules) m.routes?.(router, deps);
    },
    rawBodyPaths: new Set(modules.flatMap((m) => m.rawBodyPaths ?? []))
  };
}

/** The infrastructure the settings describe (the WeChat client over WECHAT_API_BASE). */
export function infrastructureFrom(config: Config, logger: Logger): Infrastructure {
  const wechat = new WechatClient({
    baseUrl: config.WECHAT_API_BASE,
    appid: config.WECHAT_APPID,
    secret: config.WECHAT_SECRET,
    timeoutMs: config.WECHAT_TIMEOUT_MS
  });
  return { config, logger, wechat };
}

/**
 * Connects to the database and creates every module's indexes (the unique ones carry the
 * invariants). This file imports every module, so every model is known by then.
 */
export async function openDatabase(uri: string): Promise<void> {
  await connectDatabase(uri);
  await ensureIndexes();
}
