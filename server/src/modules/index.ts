import type Router from '@koa/router';
import type { AppDeps } from '../deps';
import { healthRoutes } from './health/health.routes';
import { sessionRoutes } from './sessions/session.routes';
import { staffRoutes } from './staff/staff.routes';
import { ownerAuthRoutes } from './owners/owner-auth.routes';
import { demoRoutes } from './demo/demo.routes';
import { dealershipRoutes } from './dealerships/dealership.routes';
import { bindingRoutes } from './bindings/binding.routes';
import { ownerVehicleRoutes } from './vehicles/owner-vehicle.routes';
import { ownerProfileRoutes } from './owners/owner-profile.routes';
import { customerRoutes } from './customers/customer.routes';
import { contactRoutes } from './contacts/contact.routes';
import { accessLogRoutes } from './access-log/access-log.routes';
import { noticeRoutes } from './notices/notice.routes';
import { vehicleStaffRoutes } from './vehicles/vehicle-staff.routes';
import { careRoutes } from './care/care.routes';
import { subscriptionRoutes } from './subscriptions/subscription.routes';
import { taskRoutes } from './tasks/task.routes';
import './care/care.jobs';
import { kpiRoutes } from './kpis/kpi.routes';
import { importRoutes } from './imports/import.routes';
import { tierRoutes } from './tiers/tier.routes';
import { segmentRoutes } from './segments/segment.routes';

/** Every module's routes, in one list. */
export function mountModules(router: Router, deps: AppDeps): void {
  healthRoutes(router);
  sessionRoutes(router);
  staffRoutes(router, deps);
  ownerAuthRoutes(router, deps);
  demoRoutes(router, deps);
  dealershipRoutes(router, deps);
  bindingRoutes(router, deps);
  ownerVehicleRoutes(router);
  ownerProfileRoutes(router);
  customerRoutes(router);
  contactRoutes(router);
  accessLogRoutes(router);
  noticeRoutes(router);
  vehicleStaffRoutes(router);
  careRoutes(router);
  subscriptionRoutes(router);
  taskRoutes(router);
  kpiRoutes(router);
  importRoutes(router, deps);
  tierRoutes(router, deps);
  segmentRoutes(router);
}
