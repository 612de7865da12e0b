import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 1 << 20;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body: `{value}` (undefined when empty) or `{invalid: true}`. */
export function parseJson(raw: Buffer): { value: unknown; invalid: boolean } {
  const text = raw.toString('utf8');
  if (text.trim() === '') return { value: undefined, invalid: false };
  try {
    return { value: JSON.parse(text) as unknown, invalid: false };
  } catch {
    return { value: undefined, invalid: true };
  }
}

export function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text)
  });
  res.end(text);
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  data: Buffer | string
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(data) });
  res.end(data);
}
