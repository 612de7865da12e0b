import { useEffect, useRef, useState, type ChangeEvent } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button, Progress } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import DataTable, { type Column } from '../../../components/DataTable'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { downloadImportErrors, getImport, listImports, startImport } from '../../../services/imports'
import { errorMessage, type UploadFile } from '../../../services/request'
import { can } from '../../../services/session'
import type { ImportJob, ImportKind, ImportRowError } from '../../../services/api-types'
import { IMPORT_STATUS_LABELS, formatDateTime, progressPercent } from '../../../utils/format'
import { pollUntil } from '../../../utils/poll'
import { ColumnMapping, UnreadableValues } from './ColumnReport'
import './index.scss'

const KINDS = [
  { value: 'customers', label: '客户车辆' },
  { value: 'repair_orders', label: '维修工单' }
] as const

const ERROR_COLUMNS: ReadonlyArray<Column<ImportRowError>> = [
  { key: 'rowNumber', title: '行号', width: 100 },
  { key: 'column', title: '列', width: 180 },
  { key: 'reason', title: '原因', width: 420 }
]

const PREVIEW_ROWS = 10
const PREVIEW_COLUMNS = 8

type Phase = 'idle' | 'previewing' | 'previewed' | 'importing' | 'done'

function isFinished(job: ImportJob): boolean {
  return job.status === 'done' || job.status === 'failed'
}

function Counts({ job }: { job: ImportJob }) {
  const words = job.dryRun
    ? { created: '将新增', updated: '将更新', unchanged: '无变化', failed: '有错误' }
    : { created: '新增', updated: '更新', unchanged: '无变化', failed: '失败' }
  return (
    <View className="imports__counts e2e-import-counts">
      {(['created', 'updated', 'unchanged', 'failed'] as const).map((key) => (
        <View key={key} className={`imports__count imports__count--${key}`}>
          <Text className={`imports__count-value e2e-import-count-${key}`}>{job.counts?.[key] ?? 0}</Text>
          <Text className="imports__count-label">{words[key]}</Text>
        </View>
      ))}
    </View>
  )
}

function PreviewTable({ job }: { job: ImportJob }) {
  const rows = (job.preview ?? []).slice(0, PREVIEW_ROWS)
  const keys: string[] = []
  for (const row of rows) {
    for (const key of Object.keys(row.record ?? {})) {
      if (!keys.includes(key) && keys.length < PREVIEW_COLUMNS) keys.push(key)
    }
  }
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'rowNumber', title: '行号', width: 100, render: (row) => <Text>{row.rowNumber}</Text> },
    ...keys.map((key) => ({
      key,
      title: key,
      width: 200,
      render: (row: (typeof rows)[number]) => {
        const value = row.record?.[key]
        return <Text>{value === null || value === undefined || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value)}</Text>
      }
    }))
  ]
  return <DataTable hook="e2e-import-preview" columns={columns} rows={rows} rowKey={(row) => String(row.rowNumber)} emptyText="没有可预览的行" />
}

function ErrorReport({ job, onDownload }: { job: ImportJob; onDownload: () => void }) {
  const count = job.errorCount ?? job.errors?.length ?? 0
  if (count === 0) return <Text className="success-text e2e-import-no-errors">没有错误行</Text>
  return (
    <View className="e2e-import-error-report">
      <Text className="imports__error-title">
        {count} 行有错误{job.errors && job.errors.length < count ? `（显示前 ${job.errors.length} 条）` : ''}
      </Text>
      <DataTable hook="e2e-import-errors" columns={ERROR_COLUMNS} rows={job.errors ?? []} rowKey={(row, i) => `${row.rowNumber}-${row.column ?? ''}-${i}`} />
      <Text className="imports__csv e2e-import-errors-csv" onClick={onDownload}>
        下载错误报告（CSV）
      </Text>
    </View>
  )
}

export default function ImportsPage() {
  const session = useSession()
  const manager = can(session, 'imports.run')
  const [kind, setKind] = useState<ImportKind>('customers')
  const [file, setFile] = useState<UploadFile | null>(null)
  const [phase, setPhase] = useState<Phase>('idle')
  const [preview, setPreview] = useState<ImportJob | null>(null)
  const [job, setJob] = useState<ImportJob | null>(null)
  const [error, setError] = useState<string | null>(null)
  /** Columns the manager mapped by hand (sent with the preview and the import). */
  const [mapping, setMapping] = useState<Record<string, string>>({})
  const unmounted = useRef(false)
  const history = useAsync(() => listImports(), [manager], manager)

  useEffect(
    () => () => {
      unmounted.current = true
    },
    []
  )

  function reset(nextFile: UploadFile | null) {
    setFile(nextFile)
    setMapping({})
    setPreview(null)
    setJob(null)
    setPhase('idle')
    setError(null)
  }

  function onH5File(event: ChangeEvent<HTMLInputElement>) {
    const picked = event.target.files?.[0]
    reset(picked ? { kind: 'blob', blob: picked, name: picked.name } : null)
  }

  async function pickInWechat() {
    try {
      const result = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx', 'xls'] })
      const picked = result.tempFiles[0]
      if (picked) reset({ kind: 'path', path: picked.path, name: picked.name })
    } catch (e) {
      if (!/cancel/i.test(errorMessage(e))) setError(errorMessage(e))
    }
  }

  async function run(dryRun: boolean) {
    if (!file) {
      setError('请先选择文件')
      return
    }
    setError(null)
    setPhase(dryRun ? 'previewing' : 'importing')
    if (!dryRun) setJob(null)
    try {
      const chosen = Object.keys(mapping).length > 0 ? mapping : undefined
      const { id } = await startImport({ file, kind, dryRun, mapping: chosen })
      const update = dryRun ? setPreview : setJob
      const final = await pollUntil(() => getImport(id), isFinished, update, { intervalMs: 1000, isCancelled: () => unmounted.current })
      if (!final) return
      setPhase(dryRun ? 'previewed' : 'done')
      if (final.status === 'failed') setError(dryRun ? '预览失败，请查看错误报告' : '导入失败，请查看错误报告')
      void history.reload()
    } catch (e) {
      setError(errorMessage(e))
      setPhase(dryRun ? 'idle' : 'previewed')
    }
  }

  const busy = phase === 'previewing' || phase === 'importing'
  const active = phase === 'importing' || phase === 'done' ? job : preview
  const percent = active ? progressPercent(active.progress?.processed ?? 0, active.progress?.total ?? null) : null

  return (
    <PageContainer className="imports e2e-page-manager-imports" require="staff" capability="imports.run">
      <Section title="1. 选择文件">
        <Chips
          label="数据类型"
          hook="e2e-import-kind"
          options={KINDS}
          value={kind}
          disabled={busy}
          onChange={(value) => {
            setKind(value)
            reset(file)
          }}
        />
        {process.env.TARO_ENV === 'h5' ? (
          <View className="imports__file">
            <input className="e2e-import-file" type="file" accept=".csv,.xlsx,.xls,text/csv" disabled={busy} onChange={onH5File} />
          </View>
        ) : (
          <View className="actions">
            <Button className="e2e-import-pick" disabled={busy} onClick={() => void pickInWechat()}>
              从微信聊天中选择文件
            </Button>
          </View>
        )}
        <Text className="hint e2e-import-file-name">{file ? `已选择：${file.name}` : '支持 DMS 导出的 CSV / Excel 文件'}</Text>
      </Section>

      <Section title="2. 预览（不写入数据）">
        <View className="actions">
          <Button
            type="primary"
            fill="outline"
            className="e2e-import-preview-run"
            loading={phase === 'previewing'}
            disabled={!file || busy}
            onClick={() => void run(true)}
          >
            预览
          </Button>
        </View>
        {preview ? (
          <View className="e2e-import-preview-result">
            <Text className="hint">
              {preview.fileName} · {IMPORT_STATUS_LABELS[preview.status] ?? preview.status}
            </Text>
            <Counts job={preview} />
            {isFinished(preview) && preview.columns ? (
              <ColumnMapping
                columns={preview.columns}
                mapping={mapping}
                disabled={busy}
                onMap={(column, field) => setMapping({ ...mapping, [column]: field })}
              />
            ) : null}
            {isFinished(preview) ? <UnreadableValues items={preview.unreadable ?? []} /> : null}
            {isFinished(preview) ? <PreviewTable job={preview} /> : null}
            {isFinished(preview) ? (
              <ErrorReport job={preview} onDownload={() => void downloadImportErrors(preview.id).catch((e: unknown) => setError(errorMessage(e)))} />
            ) : null}
          </View>
        ) : null}
      </Section>

      <Section title="3. 导入">
        <View className="actions">
          <Button
            type="primary"
            className="e2e-import-run"
            loading={phase === 'importing'}
            disabled={!file || busy || phase === 'idle'}
            onClick={() => void run(false)}
          >
            导入
          </Button>
        </View>
        {phase === 'idle' && file ? <Text className="hint">请先预览，确认无误后再导入。</Text> : null}
        {phase === 'previewed' && Object.keys(mapping).length > 0 ? (
          <Text className="hint e2e-import-mapping-pending">
            导入时将按你选择的映射读取：
            {Object.entries(mapping)
              .map(
                ([column, field]) => `${column} → ${preview?.columns?.targets.find((t) => t.field === field)?.label ?? (field === 'ignore' ? '不导入' : field)}`
              )
              .join('，')}
          </Text>
        ) : null}
        {active && (phase === 'importing' || phase === 'done') ? (
          <View className="e2e-import-job">
            <Text className={`imports__status e2e-import-status e2e-import-status-${active.status}`}>
              {IMPORT_STATUS_LABELS[active.status] ?? active.status}
            </Text>
            <View className="e2e-import-progress">
              <Progress
                color="#1f5eff"
                percent={percent ?? (active.status === 'done' ? 100 : 0)}
                showText={percent !== null || active.status === 'done'}
                animated={active.status === 'running'}
              />
              <Text className="hint">
                已处理 {active.progress?.processed ?? 0}
                {active.progress?.total ? ` / ${active.progress.total}` : ''} 行
              </Text>
            </View>
            <Counts job={active} />
            {isFinished(active) ? (
              <ErrorReport job={active} onDownload={() => void downloadImportErrors(active.id).catch((e: unknown) => setError(errorMessage(e)))} />
            ) : null}
          </View>
        ) : null}
        {error ? <Text className="error-text e2e-import-error">{error}</Text> : null}
      </Section>

      <Section title="最近导入">
        {(history.data?.items ?? []).slice(0, 10).map((item) => (
          <View key={item.id} className="list-item e2e-import-history-row">
            <Text className="list-item__title">
              {item.fileName} {item.dryRun ? '（预览）' : ''}
            </Text>
            <Text className="list-item__meta">
              {KINDS.find((k) => k.value === item.kind)?.label ?? item.kind} · {IMPORT_STATUS_LABELS[item.status] ?? item.status} · 新增{' '}
              {item.counts?.created ?? 0} / 更新 {item.counts?.updated ?? 0} / 失败 {item.counts?.failed ?? 0} ·{' '}
              {formatDateTime(item.finishedAt ?? item.createdAt)}
            </Text>
          </View>
        ))}
        {history.data && history.data.items.length === 0 ? <Text className="muted">暂无导入记录</Text> : null}
      </Section>
    </PageContainer>
  )
}
