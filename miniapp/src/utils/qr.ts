import qrcode from 'qrcode-generator'

/**
 * Text as its UTF-8 bytes, one character per byte: the encoder's byte mode takes each
 * character's low byte, so this makes any text (Chinese too) scan back unchanged. Written
 * out here because the ES module build of the encoder has no UTF-8 option.
 */
const utf8Bytes = (text: string): string => encodeURIComponent(text).replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))

/**
 * The modules of a QR code of `text` (true = dark), row by row, without the quiet zone.
 * Pure JS (no canvas), so the same matrix renders as Views in WeChat and in browsers.
 * Upper-case codes (voucher codes) use the alphanumeric mode: the smallest symbol.
 */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  const alphanumeric = /^[0-9A-Z $%*+\-./:]*$/.test(text)
  qr.addData(alphanumeric ? text : utf8Bytes(text), alphanumeric ? 'Alphanumeric' : 'Byte')
  qr.make()
  const size = qr.getModuleCount()
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => qr.isDark(row, col)))
}
