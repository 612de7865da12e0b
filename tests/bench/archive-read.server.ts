/**
 * Child process of the archive-read benchmark: serves the real app and, beside it, a bare
 * Koa handler doing the same single driver findOne, on the same database connection.
 * Prints one JSON line with the ports and the ids to request, then runs until killed.
 */
import Koa from 'koa';
import mongoose, { Types } from 'mongoose';
import type { Server } from 'node:http';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import { connectDatabase, describeEngine, ensureIndexes } from '../../server/src/lib/db';
import { WechatClient } from '../../server/src/lib/wechat/client';
import { createApp } from '../../server/src/app';
import { compose } from '../../server/src/composition';
import {
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle
} from '../support/factories';

const listen = (app: Koa) =>
  new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
const portOf = (s: Server) => (s.address() as { port: number }).port;

async function main(): Promise<void> {
  const uri = process.env.BENCH_MONGODB_URI!;
  await connectDatabase(uri);
  await ensureIndexes();
  const dealership = await makeDealership('基准测试门店');
  const advisor = await makeStaff('advisor', dealership._id);
  const customers = [];
  for (let i = 0; i < 200; i++) {
    const c = await makeCustomer(dealership._id, {
      name: `客户${i}`,
      advisorId: new Types.ObjectId(advisor.id)
    });
    const v = await makeVehicle(c);
    await makeServiceRecord(v);
    customers.push(String(c._id));
  }
  const config = loadConfig({
    NODE_ENV: 'production',
    MONGODB_URI: uri,
    LOG_LEVEL: 'silent',
    H5_DIR: '/nonexistent',
    WECHAT_APPID: 'wx-bench-appid',
    WECHAT_SECRET: 'bench-secret'
  });
  const wechat = new WechatClient({
    baseUrl: 'http://127.0.0.1:9',
    appid: 'x',
    secret: 'x',
    timeoutMs: 1000
  });
  const real = await listen(createApp(compose({ config, logger: createLogger('silent'), wechat })));

  // The baseline: the same single driver call, no auth, no validation, no logging.
  const bare = new Koa();
  const collection = mongoose.connection.db!.collection('customers');
  bare.use(async (ctx) => {
    const id = ctx.path.split('/').pop()!;
    ctx.body = await collection.findOne({ _id: new Types.ObjectId(id) });
  });
  const bareServer = await listen(bare);
  process.stdout.write(
    JSON.stringify({
      realPort: portOf(real),
      barePort: portOf(bareServer),
      token: advisor.token,
      customers,
      engine: await describeEngine()
    }) + '\n'
  );
}

process.on('SIGTERM', () => process.exit(0));
main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
