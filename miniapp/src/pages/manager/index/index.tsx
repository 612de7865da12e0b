import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { ROUTES } from '../../../utils/routes'
import './index.scss'

const ENTRIES = [
  { hook: 'e2e-manager-imports', title: 'DMS 数据导入', note: '导入客户车辆与维修工单，先预览再导入', url: ROUTES.managerImports },
  { hook: 'e2e-manager-accounts', title: '员工账号', note: '新建、停用账号，强制下线', url: ROUTES.managerAccounts },
  { hook: 'e2e-manager-qrcodes', title: '绑定二维码', note: '门店码与服务顾问专属码', url: ROUTES.managerQrcodes },
  { hook: 'e2e-manager-access-log', title: '档案访问日志', note: '谁查看或导出了哪些客户档案', url: ROUTES.managerAccessLog },
  { hook: 'e2e-manager-reassign', title: '批量转移客户', note: '顾问离职或调岗时转移名下客户', url: ROUTES.managerReassign },
  { hook: 'e2e-manager-tiers', title: '客户分级设置', note: 'A/B/C/D 分级方法、权重、比例或分数线，立即重新计算', url: ROUTES.managerTiers },
  { hook: 'e2e-manager-kpis', title: '经营指标看板', note: '绑定率、回厂率、保有率、流失率与等级分布趋势，导出 CSV', url: ROUTES.insightKpis },
  { hook: 'e2e-manager-care', title: '客户关怀', note: '生日、节日、购车周年等关怀规则，预览与发送记录', url: ROUTES.careRules },
  { hook: 'e2e-manager-segments', title: '客户分群', note: '保存的筛选条件，可作为关怀受众', url: ROUTES.staffSegments },
  { hook: 'e2e-manager-tasks', title: '关怀任务', note: '顾问回访、节日拜访、流失挽回任务', url: ROUTES.staffTasks }
]

export default function ManagerHome() {
  return (
    <PageContainer className="e2e-page-manager-home" require="manager">
      <Section>
        {ENTRIES.map((entry) => (
          <View key={entry.hook} className={`manager-entry ${entry.hook}`} onClick={() => void Taro.navigateTo({ url: entry.url })}>
            <View>
              <Text className="list-item__title">{entry.title}</Text>
              <Text className="list-item__meta">{entry.note}</Text>
            </View>
            <Text className="manager-entry__arrow">›</Text>
          </View>
        ))}
      </Section>
    </PageContainer>
  )
}
