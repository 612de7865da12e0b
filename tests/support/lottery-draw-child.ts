/**
 * A server process's share of a burst of draws, as a process of its own so a test can kill it
 * (SIGKILL) in the middle: reads `{ ownerId, campaignId, key }` tasks (JSON file, argv[2]) and
 * draws them through the draw service, `LOTTERY_CHILD_WIDTH` at a time, on `MONGODB_URI`.
 */
import { readFileSync } from 'node:fs';
import { connectDatabase } from '../../server/src/lib/db';
import { draw } from '../../server/src/modules/lottery/draw.service';

interface DrawTask {
  ownerId: string;
  campaignId: string;
  key: string;
}

async function main(): Promise<void> {
  const tasks = JSON.parse(readFileSync(process.argv[2], 'utf8')) as DrawTask[];
  const width = Number(process.env.LOTTERY_CHILD_WIDTH ?? '40');
  await connectDatabase(process.env.MONGODB_URI ?? '');
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const t = tasks[next++];
      // Refusals (no entries, limits) are answers, not failures of the burst.
      await draw(t.ownerId, t.campaignId, t.key).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  process.exit(0);
}

void main();
