import qrcode from 'qrcode-generator'

// Byte mode as UTF-8 (the default is Latin-1), so any text a page passes scans back unchanged.
qrcode.stringToBytes = qrcode.stringToBytesFuncs['UTF-8']

/**
 * The modules of a QR code of `text` (true = dark), row by row, without the quiet zone.
 * Pure JS (no canvas), so the same matrix renders as Views in WeChat and in browsers.
 * Upper-case codes (voucher codes) use the alphanumeric mode: the smallest symbol.
 */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte')
  qr.make()
  const size = qr.getModuleCount()
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => qr.isDark(row, col)))
}
