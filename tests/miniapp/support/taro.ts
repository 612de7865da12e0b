/** In-memory stand-in for the parts of @tarojs/taro the tested modules touch. */
const storage = new Map<string, unknown>()

export const navigateTo = jest.fn(async (_options: { url: string }) => undefined)
export const reLaunch = jest.fn(async (_options: { url: string }) => undefined)
export const redirectTo = jest.fn(async (_options: { url: string }) => undefined)
export const showToast = jest.fn(async (_options: { title: string }) => undefined)
/** The WeChat cashier: resolves (paid) unless a test makes it reject like WeChat does. */
export const requestPayment = jest.fn(async (_options: Record<string, string>) => ({ errMsg: 'requestPayment:ok' }))

export const routerParams: Record<string, string> = {}

const Taro = {
  getStorageSync: (key: string): unknown => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    storage.set(key, value)
  },
  removeStorageSync: (key: string): void => {
    storage.delete(key)
  },
  clearStorageSync: (): void => storage.clear(),
  getCurrentPages: () => [{ route: 'pages/test/index', options: {} }],
  navigateTo,
  reLaunch,
  redirectTo,
  showToast,
  requestPayment
}

export function useDidShow(_callback: () => void): void {
  // pages are "shown" once, on mount, in these tests
}

export function useRouter(): { params: Record<string, string> } {
  return { params: routerParams }
}

export function useReachBottom(_callback: () => void): void {}

export default Taro
