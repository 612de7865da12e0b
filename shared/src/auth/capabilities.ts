/**
 * The one authorisation map: what each staff role may do. Server routes name a capability
 * (`route.staff({ capability })`) and the mini-program shows or hides pages, menu entries and
 * buttons with `roleCan` from this same table, so both sides always agree. zod-free.
 *
 * Which records a permitted call reaches (own dealership, assigned customers) is scoping, decided
 * on the server (see server/src/http/dealership-scope.ts and customers/customer.scope.ts).
 */
import { STAFF_ROLES } from '../labels/staff';

type Role = (typeof STAFF_ROLES)[number];

const EVERY_STAFF: readonly Role[] = STAFF_ROLES;
/** Store-wide figures, audiences and care: managers, marketing and group admins. */
const INSIGHT: readonly Role[] = ['group_admin', 'manager', 'marketing'];
/** Running the store: managers and group admins. */
const MANAGEMENT: readonly Role[] = ['group_admin', 'manager'];

export const CAPABILITIES = {
  /** List and open customer archives (an advisor sees the customers assigned to them). */
  'customers.read': EVERY_STAFF,
  /** Create and edit archives, their vehicles and contact records. */
  'customers.edit': EVERY_STAFF,
  /** Choose or change the advisor / second contact of a customer. */
  'customers.assign': MANAGEMENT,
  /** Move many customers from one advisor to another. */
  'customers.reassign': MANAGEMENT,
  /** Bulk CSV export of archives (the data leaves the building). */
  'customers.export': INSIGHT,
  /** Review who viewed or exported which archive. */
  'access-log.read': MANAGEMENT,
  /** See and complete care tasks (an advisor their own). */
  'tasks.work': EVERY_STAFF,
  /** Saved customer segments (audiences). */
  'segments.use': INSIGHT,
  /** The KPI dashboard, trend and export. */
  'kpis.read': INSIGHT,
  /** Reminder results: the funnel, the uplift against the control group, its CSV. */
  'reminders.results': INSIGHT,
  /** Staff accounts: list, create, change, force sign-out. */
  'staff.manage': MANAGEMENT,
  /** DMS imports: upload, preview, run, reports. */
  'imports.run': MANAGEMENT,
  /** The dealership list and a dealership's business settings. */
  'dealerships.read': EVERY_STAFF,
  /** Open a new dealership. */
  'dealerships.create': ['group_admin'],
  /** Change a dealership's business settings. */
  'dealerships.settings.edit': MANAGEMENT,
  /** Binding QR codes of the store and its advisors. */
  'qrcodes.read': INSIGHT,
  /** Care rules, preview and the dispatch log. */
  'care.read': INSIGHT,
  /** Create, change and delete care rules. */
  'care.rules.edit': INSIGHT,
  /** Which WeChat subscription templates care messages use. */
  'care.templates.read': EVERY_STAFF,
  /** Set the template ids (they come from the WeChat console). */
  'care.templates.edit': MANAGEMENT,
  /** Tier settings, runs and the distribution. */
  'tiers.read': INSIGHT,
  /** Change tier settings, recompute, override one customer's tier. */
  'tiers.manage': MANAGEMENT,
  /** Maintenance bookings: see the day's and one's customers' bookings, book, check in, move, cancel. */
  'bookings.work': ['group_admin', 'manager', 'advisor'],
  /** Booking settings (time blocks, bays, closed days, limits): read. */
  'bookings.settings.read': EVERY_STAFF,
  /** Change booking settings. */
  'bookings.settings.edit': MANAGEMENT,
  /** Due settings (maintenance intervals, lead days, projection defaults, control group): read. */
  'due.settings.read': ['group_admin', 'manager', 'marketing', 'advisor'],
  /** Change the due settings. */
  'due.settings.edit': MANAGEMENT,
  /** Approve or decline an owner's claim of a vehicle in someone else's archive (the archive's advisor, or a manager). */
  'vehicle-claims.review': ['manager', 'advisor'],
  /** The 7DC / 3DC callback list: call, record the outcome, open a complaint from the call. */
  'aftercare.callbacks': EVERY_STAFF,
  /** Complaints: an advisor those of their customers or assigned to them, managers the dealership's. */
  'aftercare.complaints': EVERY_STAFF,
  /** Aftercare settings (callback retries, complaint deadlines by tier, low-score threshold). */
  'aftercare.settings': MANAGEMENT,
  /** The reminder workbench: due customers, push a reminder, log a call (an advisor their own customers). */
  'reminders.work': EVERY_STAFF,
  /** Look up a rewards voucher by its code at the desk and confirm one use (own dealership). */
  'points.verify': EVERY_STAFF,
  /** Points rules, the rewards catalog, manual adjustments, reports and voucher reversals. */
  'points.manage': MANAGEMENT,
  /** Approve a manual adjustment above the threshold (never one's own request). */
  'points.approve': MANAGEMENT,
  /** Shop orders paid with WeChat Pay: list, payment state, refunds of unused items, reconciliation. */
  'pay.orders': MANAGEMENT,
  /** The WeChat Pay merchant settings (mchid, serial or public-key id, where the keys are read from). */
  'pay.settings': MANAGEMENT,
  /** Lottery campaigns: create, edit drafts, submit for approval, live results and conversion. */
  'lottery.campaigns': INSIGHT,
  /** Approve (publish) or reject a submitted lottery campaign. */
  'lottery.approve': MANAGEMENT,
  /** The mini-program's management console (its home page and the pages behind it). */
  'console.open': MANAGEMENT
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[];

/** Whether a staff role holds a capability. */
export function roleCan(role: Role, capability: Capability): boolean {
  const roles: readonly Role[] = CAPABILITIES[capability];
  return roles.includes(role);
}

/** The roles holding a capability. */
export function rolesWith(capability: Capability): readonly Role[] {
  return CAPABILITIES[capability];
}
