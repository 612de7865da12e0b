import { randomUUID } from 'node:crypto';
import { instanceId } from '../../lib/jobs/instance';
import type { LedgerHead } from './points-ledger';
import { PointsLedgerMark } from './points-ledger.model';

/** An account's stored hints (points_accounts), as last read or written. */
export interface StoredHints {
  headSeq: number;
  nextExpiry: string;
}

export interface KnownAccount {
  head: LedgerHead;
  stored: StoredHints | null;
}

/**
 * What this process last knew of accounts: the head it last read or wrote, and the stored
 * hints. Only a starting point for the bulk path (ledger-bulk.ts): a known head is used when
 * the number after it is still free, otherwise the account is probed as if unknown.
 *
 * Entries are append-only, so a head this process wrote or read stays in the ledger for good,
 * unless the database itself is dropped or replaced under the running process (tests and
 * benchmarks do that; a restore would). To notice that without reading entries back, the
 * process keeps a mark document in the database while it remembers anything: each use checks
 * the mark (one small read); if it is gone, everything remembered is forgotten. Bounded:
 * cleared when full.
 */
const known = new Map<string, KnownAccount>();
const KNOWN_MAX = 200_000;
let mark: string | null = null;
/** Bumped whenever the memory is forgotten, so a read that raced with it can tell. */
let generation = 0;

export const knownAccount = (accountId: string): KnownAccount | undefined => known.get(accountId);

export function rememberAccount(accountId: string, account: KnownAccount): void {
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(accountId, account);
}

export function forgetAccount(accountId: string): void {
  known.delete(accountId);
}

/** The current generation of the memory (compare after an await with `stillValid`). */
export const memoryGeneration = (): number => generation;

/**
 * Whether what was remembered at `since` (a generation) is still this database's: the mark is
 * there and nothing was forgotten meanwhile. A missing mark forgets everything and sets a new one.
 */
export async function stillValid(since: number): Promise<boolean> {
  const current = mark;
  if (current !== null && (await PointsLedgerMark.exists({ _id: current })) !== null)
    return generation === since;
  if (mark === current) {
    known.clear();
    generation++;
    mark = `${instanceId}:${randomUUID()}`;
    await PointsLedgerMark.collection.insertOne({ _id: mark as never, createdAt: new Date() });
  }
  return false;
}
