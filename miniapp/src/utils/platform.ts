/** Compile-time platform flags: Taro replaces process.env.TARO_ENV, so dead branches drop out. */
export const IS_WEAPP = process.env.TARO_ENV === 'weapp'
export const IS_H5 = process.env.TARO_ENV === 'h5'
