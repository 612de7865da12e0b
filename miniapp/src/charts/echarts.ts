/**
 * The trimmed ECharts build: line + bar charts, grid, tooltip, legend, canvas renderer only
 * (~1/3 of the full library). Imported only from the insight subpackage.
 */
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { echarts }
export type EChartsInstance = ReturnType<typeof echarts.init>
