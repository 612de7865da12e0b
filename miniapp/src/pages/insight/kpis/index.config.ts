export default definePageConfig({ navigationBarTitleText: '经营指标看板' })
