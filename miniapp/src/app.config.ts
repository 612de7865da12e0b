/**
 * Main package: entry, owner home and login only (WeChat limit: 2 MB). Everything else is
 * in one subpackage per domain; the QR entry page (owner/bind) loads with the owner package.
 * The KPI dashboard (ECharts) has a subpackage of its own so the chart library is loaded
 * only by the people who open it.
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/home/index', 'pages/login/index'],
  subPackages: [
    {
      root: 'pages/owner',
      name: 'owner',
      pages: [
        'bind/index',
        'dealerships/index',
        'vehicles/index',
        'vehicle/index',
        'profile/index',
        'notices/index',
        'notice/index',
        'booking/index',
        'bookings/index',
        'survey/index',
        'complaints/index',
        'complaint/index',
        'complaint-new/index',
        'points/index',
        'rewards/index',
        'vouchers/index',
        'pay-order/index',
        'pay-orders/index'
      ]
    },
    {
      root: 'pages/staff',
      name: 'staff',
      pages: [
        'customers/index',
        'customer/index',
        'segments/index',
        'segment/index',
        'tasks/index',
        'bookings/index',
        'booking-new/index',
        'reminders/index',
        'callbacks/index',
        'voucher-verify/index'
      ]
    },
    {
      // ECharts lives only here (trimmed build, ~0.5 MB): never in the main package.
      root: 'pages/insight',
      name: 'insight',
      pages: ['kpis/index', 'reminders/index']
    },
    {
      root: 'pages/care',
      name: 'care',
      pages: ['rules/index', 'rule/index', 'preview/index', 'dispatches/index']
    },
    {
      // Lottery campaigns: marketing's pages, the owner's draw, the public rules and verification.
      root: 'pages/lottery',
      name: 'lottery',
      pages: [
        'campaigns/index',
        'edit/index',
        'campaign/index',
        'results/index',
        'draw/index',
        'my-draws/index',
        'join/index',
        'rules/index',
        'verify/index',
        'pickup/index'
      ]
    },
    {
      root: 'pages/manager',
      name: 'manager',
      pages: [
        'index/index',
        'imports/index',
        'accounts/index',
        'qrcodes/index',
        'access-log/index',
        'reassign/index',
        'tiers/index',
        'booking-settings/index',
        'due-settings/index',
        'complaints/index',
        'complaint/index',
        'points/index',
        'points-adjust/index',
        'pay-orders/index',
        'pay-reconciliation/index',
        'pay-settings/index'
      ]
    }
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['owner'] },
    'pages/login/index': { network: 'all', packages: ['staff'] }
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '车主服务',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7'
  }
})
