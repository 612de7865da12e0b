import type { EChartsInstance } from './echarts'

/**
 * Adapts a mini-program `<canvas type="2d">` node to what ECharts expects of a canvas
 * (after ec-canvas's wx-canvas.js, Apache-2.0): a 2d context, width/height that resize the
 * node, and no-op DOM event hooks — touches are forwarded by the component instead.
 */

export interface CanvasNode {
  width: number
  height: number
  getContext(type: '2d'): CanvasRenderingContext2D
  createImage?: () => unknown
}

export class WxCanvas {
  private chart: EChartsInstance | null = null

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly node: CanvasNode
  ) {}

  getContext(type: string): CanvasRenderingContext2D | null {
    return type === '2d' ? this.ctx : null
  }

  setChart(chart: EChartsInstance): void {
    this.chart = chart
  }

  getChart(): EChartsInstance | null {
    return this.chart
  }

  addEventListener(): void {}

  removeEventListener(): void {}

  attachEvent(): void {}

  detachEvent(): void {}

  set width(value: number) {
    this.node.width = value
  }

  get width(): number {
    return this.node.width
  }

  set height(value: number) {
    this.node.height = value
  }

  get height(): number {
    return this.node.height
  }
}

export interface TouchPoint {
  x?: number
  y?: number
  clientX?: number
  clientY?: number
}

/** A zrender event at a canvas-relative point. */
export function zrEvent(touch: TouchPoint): {
  zrX: number
  zrY: number
  preventDefault: () => void
  stopImmediatePropagation: () => void
  stopPropagation: () => void
} {
  const noop = () => undefined
  return { zrX: touch.x ?? touch.clientX ?? 0, zrY: touch.y ?? touch.clientY ?? 0, preventDefault: noop, stopImmediatePropagation: noop, stopPropagation: noop }
}
