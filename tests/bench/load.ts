import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

export interface Request {
  path: string;
  headers: Record<string, string>;
}

/**
 * Keeps `connections` keep-alive GET requests in flight for `seconds` against a loopback
 * port; `next()` says what each request asks for (so requests can spread over many ids).
 * Any answer other than 200 counts as an error.
 */
export async function runLoad(
  port: number,
  next: () => Request,
  connections: number,
  seconds: number
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;

  const once = () =>
    new Promise<void>((resolve) => {
      const { path, headers } = next();
      const t0 = process.hrtime.bigint();
      const req = http.get({ agent, hostname: '127.0.0.1', port, path, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });

  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) await once();
    })
  );
  agent.destroy();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50ms: at(0.5),
    p99ms: at(0.99)
  };
}
