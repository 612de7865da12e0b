import { useEffect, useMemo, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Canvas } from '@tarojs/components'
import { echarts, type EChartsInstance } from './echarts'
import { WxCanvas, zrEvent, type CanvasNode, type TouchPoint } from './wx-canvas'
import type { ChartOption } from '../utils/kpi-charts'
import './EChart.scss'

export interface EChartProps {
  option: ChartOption
  /** e2e hook on the chart box; `e2e-chart-ready` is added once the chart has drawn. */
  hook: string
  /** Height in design px (750 scale). */
  height?: number
}

let counter = 0

interface TouchEventLike {
  touches?: TouchPoint[]
  changedTouches?: TouchPoint[]
}

/**
 * One ECharts chart. H5: echarts.init on the box element (resizes with the window).
 * Mini-program: a `<canvas type="2d">` node wrapped in WxCanvas; touches drive the tooltip.
 */
export default function EChart({ option, hook, height = 480 }: EChartProps) {
  const id = useMemo(() => `echart-${++counter}`, [])
  const chart = useRef<EChartsInstance | null>(null)
  const latest = useRef(option)
  latest.current = option
  const [ready, setReady] = useState(false)

  useEffect(() => {
    let disposed = false
    let onResize: (() => void) | null = null
    let observer: { disconnect(): void } | null = null
    if (process.env.TARO_ENV === 'h5') {
      const box = document.getElementById(id)
      if (box) {
        const instance = echarts.init(box, undefined, { renderer: 'canvas' })
        instance.setOption(latest.current)
        chart.current = instance
        setReady(true)
        onResize = () => instance.resize()
        window.addEventListener('resize', onResize)
        // The page may still be laying out (or hidden) at mount: follow the box's size.
        if (typeof ResizeObserver !== 'undefined') {
          const ro = new ResizeObserver(() => instance.resize())
          ro.observe(box)
          observer = ro
        }
      }
    } else {
      void Taro.nextTick(() => {
        Taro.createSelectorQuery()
          .select(`#${id}`)
          .fields({ node: true, size: true })
          .exec((res: Array<{ node?: CanvasNode; width: number; height: number } | null>) => {
            const hit = res?.[0]
            if (disposed || !hit?.node) return
            const dpr = Taro.getSystemInfoSync().pixelRatio
            const canvas = new WxCanvas(hit.node.getContext('2d'), hit.node)
            echarts.setPlatformAPI({ createCanvas: () => canvas as unknown as HTMLCanvasElement })
            const instance = echarts.init(canvas as unknown as HTMLElement, undefined, { width: hit.width, height: hit.height, devicePixelRatio: dpr })
            canvas.setChart(instance)
            instance.setOption(latest.current)
            chart.current = instance
            setReady(true)
          })
      })
    }
    return () => {
      disposed = true
      if (onResize) window.removeEventListener('resize', onResize)
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [id])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  function touch(kind: 'start' | 'move' | 'end', event: TouchEventLike) {
    const instance = chart.current
    const point = (kind === 'end' ? event.changedTouches : event.touches)?.[0]
    if (!instance || !point) return
    const handler = instance.getZr().handler
    const e = zrEvent(point)
    if (kind === 'start') {
      handler.dispatch('mousedown', e)
      handler.dispatch('mousemove', e)
    } else if (kind === 'move') {
      handler.dispatch('mousemove', e)
    } else {
      handler.dispatch('mouseup', e)
      handler.dispatch('click', e)
    }
  }

  const style = { height: `${height / 2}px` }
  if (process.env.TARO_ENV === 'h5') {
    return <View id={id} className={`echart ${hook} ${ready ? 'e2e-chart-ready' : ''}`} style={style} />
  }
  return (
    <View className={`echart ${hook} ${ready ? 'e2e-chart-ready' : ''}`} style={style}>
      <Canvas
        type="2d"
        id={id}
        canvasId={id}
        className="echart__canvas"
        disableScroll={false}
        onTouchStart={(e) => touch('start', e as unknown as TouchEventLike)}
        onTouchMove={(e) => touch('move', e as unknown as TouchEventLike)}
        onTouchEnd={(e) => touch('end', e as unknown as TouchEventLike)}
      />
    </View>
  )
}
