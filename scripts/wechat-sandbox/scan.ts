/** "Scans" a sandbox QR image: decodes the PNG (pngjs + jsqr) and reads page and scene from it. */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { parseWxacodePayload } from './endpoints/getwxacodeunlimit';

export function scanWxacode(
  png: Buffer,
  qrPayloadBase?: string
): { payload: string; page?: string; scene?: string } | undefined {
  const img = PNG.sync.read(png);
  const code = jsQR(
    new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length),
    img.width,
    img.height
  );
  if (!code) return undefined;
  const parsed = parseWxacodePayload(code.data, qrPayloadBase);
  return { payload: code.data, ...(parsed ?? {}) };
}
