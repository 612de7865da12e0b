import { postMany, type BulkPosting } from '../points/ledger-bulk';
import type { Posted } from '../points/points-ledger';

/**
 * Prize points, credited in batches: the credits of draws finishing together go to the ledger
 * in one bulk posting (`postMany`: a few round trips for the whole batch, over many accounts)
 * instead of a lane's reads and writes per account. While a batch is being stored the next
 * one gathers (group commit). The ledger's guards are unchanged: each credit's source key is
 * the draw's and is posted once (a collision goes through the account's lane, which settles it).
 */

interface Waiting {
  posting: BulkPosting;
  resolve(posted: Posted): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 200;
const queue: Waiting[] = [];
let running = false;

async function drain(): Promise<void> {
  try {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const results = await postMany(batch.map((w) => w.posting));
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') batch[i].resolve(r.value);
          else batch[i].reject(r.reason);
        });
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  } finally {
    running = false;
  }
}

/** Credits a prize's points once (its source key); resolves when stored. */
export function creditPrizePoints(posting: BulkPosting): Promise<Posted> {
  return new Promise<Posted>((resolve, reject) => {
    queue.push({ posting, resolve, reject });
    if (!running) {
      running = true;
      // Start on the next turn, so that credits made together are stored together.
      setImmediate(() => void drain());
    }
  });
}
