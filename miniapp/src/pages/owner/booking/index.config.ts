export default definePageConfig({ navigationBarTitleText: '预约保养' })
