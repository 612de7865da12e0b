/**
 * Child process of the archive-read benchmark. Seeds the data (archive-read.seed.ts), then
 * serves, on one database connection:
 *  - the real app (GET /api/customers/:id as the customer's advisor);
 *  - `driver`: a bare Koa handler doing the same database work with the driver — the
 *    session by token hash, the customer through the advisor's scope, its vehicles, latest
 *    50 repair orders and latest 50 contacts, and the access-log insert (batched the way the
 *    app batches concurrent entries) — and answering the raw documents as JSON;
 *  - `findOne`: a bare Koa handler doing one driver findOne of the customer.
 * Prints one JSON line (ports, ids, tokens, counts, engine), then runs until killed.
 */
import Koa from 'koa';
import mongoose, { Types } from 'mongoose';
import type { Server } from 'node:http';
import type { Document } from 'mongodb';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/lib/logger';
import { ensureIndexes } from '../../server/src/lib/db';
import { GroupCommitWriter } from '../../server/src/lib/group-commit';
import { sha256 } from '../../server/src/lib/tokens';
import { WechatClient } from '../../server/src/lib/wechat/client';
import { createApp } from '../../server/src/app';
import { compose } from '../../server/src/composition';
import { engineName } from './common';
import { connectForBench, type CommandProfile } from './command-profile';

let profile: CommandProfile | null = null;
import { seedArchives } from './archive-read.seed';

const listen = (app: Koa) =>
  new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
const portOf = (s: Server) => (s.address() as { port: number }).port;
const idOf = (path: string) => new Types.ObjectId(path.slice(path.lastIndexOf('/') + 1));

/** The archive's reads and its audit insert, straight through the driver. */
function driverApp(): Koa {
  const db = mongoose.connection.db!;
  const sessions = db.collection<{ _id: string } & Document>('sessions');
  const [customers, vehicles, records, contacts, accessLogs] = [
    'customers',
    'vehicles',
    'service_records',
    'contacts',
    'access_logs'
  ].map((name) => db.collection(name));
  const audit = new GroupCommitWriter<Document>((entries) =>
    accessLogs.insertMany(entries, { ordered: true })
  );
  const app = new Koa();
  app.use(async (ctx) => {
    const token = ctx.get('authorization').slice('Bearer '.length);
    const session = await sessions.findOne({ _id: sha256(token) });
    if (!session || session.expiresAt <= new Date()) {
      ctx.status = 401;
      return;
    }
    const me = session.subjectId as Types.ObjectId;
    const customer = await customers.findOne({
      dealershipId: session.dealershipId,
      $or: [{ advisorId: me }, { secondContactId: me }],
      _id: idOf(ctx.path)
    });
    if (!customer) {
      ctx.status = 404;
      return;
    }
    const [vehicleRows, recordRows, contactRows] = await Promise.all([
      vehicles
        .find({ customerId: customer._id, dealershipId: customer.dealershipId })
        .sort({ createdAt: 1, _id: 1 })
        .toArray(),
      records.find({ customerId: customer._id }).sort({ serviceDate: -1, _id: -1 }).limit(50).toArray(),
      contacts.find({ customerId: customer._id }).sort({ at: -1, _id: -1 }).limit(50).toArray()
    ]);
    await audit.write({
      dealershipId: customer.dealershipId,
      staffId: me,
      staffName: session.name,
      action: 'view',
      customerId: customer._id,
      customerName: customer.name,
      detail: '',
      requestId: '',
      at: new Date()
    });
    ctx.body = { customer, vehicles: vehicleRows, serviceRecords: recordRows, contacts: contactRows };
  });
  return app;
}

function findOneApp(): Koa {
  const customers = mongoose.connection.db!.collection('customers');
  const app = new Koa();
  app.use(async (ctx) => {
    ctx.body = await customers.findOne({ _id: idOf(ctx.path) });
  });
  return app;
}

async function main(): Promise<void> {
  const uri = process.env.BENCH_MONGODB_URI!;
  profile = await connectForBench(uri);
  await mongoose.connection.db!.dropDatabase();
  await ensureIndexes();
  const data = await seedArchives((line) => process.stderr.write(`  [archive server] ${line}\n`));
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
  const driver = await listen(driverApp());
  const findOne = await listen(findOneApp());
  process.stdout.write(
    JSON.stringify({
      ports: { api: portOf(real), driver: portOf(driver), findOne: portOf(findOne) },
      customers: data.customers,
      counts: data.counts,
      engine: await engineName()
    }) + '\n'
  );
}

process.on('SIGTERM', () => {
  // BENCH_PROFILE_DB: where the database time of all three paths went.
  if (profile) process.stderr.write(`${profile.report(25)}\n`);
  process.exit(0);
});
main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
