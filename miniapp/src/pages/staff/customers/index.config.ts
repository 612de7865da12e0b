export default definePageConfig({ navigationBarTitleText: '客户档案', onReachBottomDistance: 80 })
