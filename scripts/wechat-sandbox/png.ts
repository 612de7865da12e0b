/**
 * Draws a QR code as an 8-bit grayscale PNG of exactly `width` x `width` pixels. Written
 * directly with node:zlib because the qrcode package's PNG renderer is very slow under jest.
 */
import QRCode from 'qrcode';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG of a QR code for `text`, `width` pixels square, with a quiet zone of `margin` modules. */
export function qrPng(text: string, width: number, margin = 2): Buffer {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const size = modules.size;
  const total = size + 2 * margin;
  const scale = width / total;
  const moduleAt = (px: number) => Math.min(total - 1, Math.floor(px / scale)) - margin;

  const stride = width + 1; // filter byte + one byte per pixel
  const raw = Buffer.alloc(stride * width);
  const rows = new Map<number, Buffer>();
  for (let y = 0; y < width; y++) {
    const my = moduleAt(y);
    let row = rows.get(my);
    if (!row) {
      row = Buffer.alloc(stride, 255);
      row[0] = 0;
      if (my >= 0 && my < size) {
        for (let x = 0; x < width; x++) {
          const mx = moduleAt(x);
          if (mx >= 0 && mx < size && modules.data[my * size + mx]) row[x + 1] = 0;
        }
      }
      rows.set(my, row);
    }
    row.copy(raw, y * stride);
  }

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ]);
}
