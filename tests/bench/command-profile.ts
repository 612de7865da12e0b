/**
 * Time per database command as the driver sees it (command monitoring), grouped by command
 * and collection: where a benchmark's database time goes. Opt-in with BENCH_PROFILE_DB=1
 * (the monitoring itself costs a little).
 */
import mongoose from 'mongoose';
import { connectDatabase } from '../../server/src/lib/db';

export interface CommandProfile {
  report: (top?: number) => string;
  /** Forgets what was counted so far (e.g. the seeding), so the report covers what follows. */
  reset: () => void;
}

/** Connects mongoose like the server does; with BENCH_PROFILE_DB set, with command monitoring. */
export async function connectForBench(uri: string): Promise<CommandProfile | null> {
  if (!process.env.BENCH_PROFILE_DB) {
    await connectDatabase(uri);
    return null;
  }
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false, monitorCommands: true });
  const client = mongoose.connection.getClient();
  const started = new Map<number, string>();
  const totals = new Map<string, { n: number; ms: number; docs: number }>();
  // A getMore names its cursor, not its collection: remember which collection each cursor reads.
  const cursorCollections = new Map<string, string>();
  client.on('commandStarted', (e) => {
    const target = String((e.command as Record<string, unknown>)[e.commandName]);
    const collection = e.commandName === 'getMore' ? cursorCollections.get(target) : undefined;
    started.set(e.requestId, `${e.commandName} ${collection ?? target}`);
  });
  client.on('commandSucceeded', (e) => {
    const key = started.get(e.requestId) ?? e.commandName;
    started.delete(e.requestId);
    const cursor = (e.reply as { cursor?: { id?: unknown; ns?: string } } | undefined)?.cursor;
    if (cursor?.id && cursor.ns && String(cursor.id) !== '0')
      cursorCollections.set(String(cursor.id), cursor.ns.slice(cursor.ns.indexOf('.') + 1));
    const t = totals.get(key) ?? { n: 0, ms: 0, docs: 0 };
    t.n += 1;
    t.ms += e.duration;
    const batch = (cursor as { firstBatch?: unknown[]; nextBatch?: unknown[] } | undefined) ?? {};
    t.docs += (batch.firstBatch ?? batch.nextBatch ?? []).length;
    totals.set(key, t);
  });
  return {
    reset: () => totals.clear(),
    report: (top = 15) =>
      [...totals]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, top)
        .map(
          ([key, t]) =>
            `DB ${key}: ${t.n} calls, ${(t.ms / 1000).toFixed(1)} s, ${(t.ms / t.n).toFixed(2)} ms each` +
            (t.docs > 0 ? `, ${t.docs} documents returned` : '')
        )
        .join('\n')
  };
}
