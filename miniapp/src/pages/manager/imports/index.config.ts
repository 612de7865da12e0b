export default definePageConfig({ navigationBarTitleText: 'DMS 数据导入' })
