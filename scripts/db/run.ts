/**
 * `npm run db [-- --data DIR] [-- --port N]`: starts the local database (see launcher.ts)
 * on `.data/db`, prints its URI and engine, and stays up until Ctrl-C.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalDatabase } from './launcher';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
  });
  if (values.help) {
    console.log('usage: npm run db -- [--data DIR] [--port N]');
    return;
  }
  const dataDir = resolve(values.data ?? resolve(__dirname, '..', '..', '.data', 'db'));
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new Error(`bad --port ${values.port}`);

  const db = await startLocalDatabase({ dataDir, port, log: (line) => console.log(line) });
  console.log(`engine:  ${db.engine} (${db.version})`);
  console.log(`data:    ${db.engine === 'external' ? '(external)' : dataDir}`);
  console.log(`MONGODB_URI=${db.uri}`);
  console.log('Ctrl-C to stop.');

  const keepAlive = setInterval(() => undefined, 1 << 30);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the database…`);
    void db.stop().then(() => {
      clearInterval(keepAlive);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  void db.exited?.then((code) => {
    if (stopping) return;
    console.error(`the database exited unexpectedly (${code})`);
    process.exit(1);
  });
  if (db.engine === 'external') {
    clearInterval(keepAlive); // nothing of ours to keep running
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
