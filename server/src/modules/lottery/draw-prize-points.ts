import { Batcher } from '../../lib/batcher';
import { postMany, type BulkPosting } from '../points/ledger-bulk';
import type { Posted } from '../points/points-ledger';

/**
 * Prize points, credited in batches: the credits of draws finishing together go to the ledger
 * in one bulk posting (`postMany`: a few round trips for the whole batch, over many accounts)
 * instead of a lane's reads and writes per account. While a batch is being stored the next
 * one gathers (group commit). The ledger's guards are unchanged: each credit's source key is
 * the draw's and is posted once (a collision goes through the account's lane, which settles it).
 */
const credits = new Batcher<BulkPosting, Posted>((postings) => postMany(postings));

/** Credits a prize's points once (its source key); resolves when stored. */
export const creditPrizePoints = (posting: BulkPosting): Promise<Posted> => credits.submit(posting);
