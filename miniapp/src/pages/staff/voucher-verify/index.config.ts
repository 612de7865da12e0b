export default definePageConfig({ navigationBarTitleText: '券码核销' })
