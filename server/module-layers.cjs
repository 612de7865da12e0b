/**
 * The layers of server/src/modules (docs/architecture.md "Layers"), lowest first. A module
 * imports modules of its own or a lower layer, never a higher one, and module folders form
 * no cycle. Checked by .dependency-cruiser.cjs (`npm run lint`); the module map in
 * docs/architecture.md is generated from the real imports (`npm run docs:module-map`).
 */
const LAYERS = [
  // 1. platform: who is signed in, staff and dealerships, plain records other modules build on.
  [
    'health',
    'demo',
    'sessions',
    'staff',
    'dealerships',
    'access-log',
    'notices',
    'contacts',
    'vehicles',
    'subscriptions'
  ],
  // 2. the customer archive and the owners bound to it.
  ['customers', 'owners', 'bindings'],
  // 3. work on customers: tasks, classes and tiers, imports, KPIs, care, segments, bookings, due
  //    events, the signed-in account.
  ['account', 'tasks', 'classes', 'tiers', 'imports', 'kpis', 'care', 'segments', 'bookings', 'due'],
  // 4. programmes built on that work: service reminders, aftercare, points and rewards.
  ['reminders', 'aftercare', 'points'],
  // 5. sales and campaigns built on points and vouchers: WeChat Pay orders, lottery campaigns.
  ['pay', 'lottery']
];

module.exports = { LAYERS };
