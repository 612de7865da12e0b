import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** An upload held in memory or a path to a temporary file. */
export type TableInput = Buffer | string;

/** A cell as the normalisers receive it: CSV gives text, XLSX also numbers and dates. */
export type CellValue = string | number | Date | null;

/** One physical row; values[0] is the first column. */
export interface RawRow {
  rowNumber: number;
  values: CellValue[];
}

export function openSource(input: TableInput): Readable {
  // Readable.from(buffer) would iterate byte by byte; wrap it to emit one chunk.
  return typeof input === 'string' ? createReadStream(input) : Readable.from([input]);
}

export async function readHead(input: TableInput, bytes: number): Promise<Buffer> {
  if (typeof input !== 'string') return input.subarray(0, bytes);
  const handle = await open(input, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function isBlankRow(values: readonly CellValue[]): boolean {
  return values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''));
}
