import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { detectEncoding, SNIFF_BYTES, type TextEncoding } from './sniff-file';

/**
 * Bytes → text for CSV uploads. With a BOM the encoding is known. Otherwise leading ASCII
 * passes straight through (every candidate decodes it identically) and bytes from the first
 * non-ASCII one are held until SNIFF_BYTES have arrived (or the end), then the encoding is
 * decided: a GBK file whose first screens are pure ASCII is still recognised as GBK, and
 * memory stays bounded.
 */
export class AutoDecoder extends Transform {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private decoder: iconv.DecoderStream | null = null;
  detectedEncoding: TextEncoding | null;

  constructor(bomEncoding: TextEncoding | null) {
    super({ decodeStrings: true, encoding: 'utf8' });
    this.detectedEncoding = bomEncoding;
    if (bomEncoding !== null) this.decoder = iconv.getDecoder(bomEncoding, { stripBOM: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.decoder) {
      this.pushText(this.decoder.write(chunk));
    } else if (this.heldBytes > 0) {
      this.hold(chunk);
    } else {
      const firstNonAscii = chunk.findIndex((byte) => byte >= 0x80);
      if (firstNonAscii < 0) {
        this.pushText(chunk.toString('latin1'));
      } else {
        this.pushText(chunk.subarray(0, firstNonAscii).toString('latin1'));
        this.hold(chunk.subarray(firstNonAscii));
      }
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.decoder) this.decide(true);
    const rest = this.decoder?.end();
    if (rest) this.pushText(rest);
    done();
  }

  private hold(bytes: Buffer): void {
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    if (this.heldBytes >= SNIFF_BYTES) this.decide(false);
  }

  private decide(complete: boolean): void {
    const sample = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    // Nothing but ASCII to the end: report UTF-8, which reads it the same as GB18030.
    this.detectedEncoding = detectEncoding(sample, complete) ?? 'utf-8';
    this.decoder = iconv.getDecoder(this.detectedEncoding, { stripBOM: true });
    this.pushText(this.decoder.write(sample));
  }

  private pushText(text: string): void {
    if (text.length > 0) this.push(text);
  }
}
