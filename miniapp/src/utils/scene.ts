/** QR scene `d=<dealerCode>&a=<advisorCode>` (≤ 32 visible characters, see docs/wechat.md). */
export interface ParsedScene {
  dealerCode: string
  advisorCode: string | null
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * The raw scene from the page's query. WeChat passes it URL-encoded (`d%3DDEMO01%26a%3DA001`);
 * the H5 router may already have decoded it once — decoding again is harmless as a scene
 * never contains '%'.
 */
export function readScene(params: Record<string, string | undefined>): string | null {
  const raw = params.scene
  if (!raw) return null
  const scene = safeDecode(safeDecode(raw)).trim()
  return scene || null
}

export function parseScene(scene: string): ParsedScene | null {
  const pairs: Record<string, string> = {}
  for (const part of scene.split('&')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    pairs[part.slice(0, eq)] = part.slice(eq + 1)
  }
  const dealerCode = pairs.d
  if (!dealerCode || !/^[0-9A-Za-z_-]{1,16}$/.test(dealerCode)) return null
  const advisorCode = pairs.a && /^[0-9A-Za-z_-]{1,16}$/.test(pairs.a) ? pairs.a : null
  return { dealerCode, advisorCode }
}

/** The referral token a friend's share carries (`ref`), or null when absent or malformed. */
export function readReferral(params: Record<string, string | undefined>): string | null {
  const raw = (params.ref ?? '').trim().toUpperCase()
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(raw) ? raw : null
}

/** A lottery event scene `l=<campaignId>`: it belongs to the lottery's join page. */
export function isLotteryScene(scene: string | null): boolean {
  return scene !== null && /^l=[0-9a-f]{24}$/.test(scene)
}
