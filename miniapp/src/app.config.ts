/**
 * Main package: entry, owner home and login only (WeChat limit: 2 MB). Everything else is
 * in one subpackage per domain; the QR entry page (owner/bind) loads with the owner package.
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/home/index', 'pages/login/index'],
  subPackages: [
    {
      root: 'pages/owner',
      name: 'owner',
      pages: ['bind/index', 'dealerships/index', 'vehicles/index', 'vehicle/index', 'profile/index', 'notices/index']
    },
    {
      root: 'pages/staff',
      name: 'staff',
      pages: ['customers/index', 'customer/index']
    },
    {
      root: 'pages/manager',
      name: 'manager',
      pages: ['index/index', 'imports/index', 'accounts/index', 'qrcodes/index', 'access-log/index', 'reassign/index']
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
