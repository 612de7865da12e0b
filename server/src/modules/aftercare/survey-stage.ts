import type { JobContext } from '../../lib/jobs/define';
import { generateSurveys, surveyable } from './survey-generation';
import type { VisitFacts } from './visit-facts';

/** Bound visits a survey batch takes (its invitations go through care in one plan). */
export const SURVEY_BATCH = 250;

type StageContext = Pick<JobContext, 'deps' | 'logger' | 'count' | 'runId'>;

/** Survey batches written at once (the next one is written while the last is finishing). */
const IN_FLIGHT = 2;

/**
 * The survey step of the daily walk, beside it rather than inside it. A walk batch of 500
 * visits holds about a hundred of bound customers, and a survey batch is a chain of a dozen
 * round trips (the surveys, then their invitations planned and delivered through care), so
 * running it inside every walk batch held the walk up for a chain per batch. Here the bound
 * visits gather into batches of SURVEY_BATCH, written while the walk goes on, up to IN_FLIGHT
 * at a time (so the last one, started when the walk ends, overlaps the one before). `add`
 * waits while that many are at work and the next is full, so memory stays flat whatever the
 * day's size. A failure fails the next `add` or `finish`.
 */
export class SurveyStage {
  private pending: VisitFacts[] = [];
  private running: Array<Promise<void>> = [];

  constructor(
    private readonly dealer: { name: string },
    private readonly ctx: StageContext,
    private readonly now: Date,
    private readonly size = SURVEY_BATCH
  ) {}

  /** Takes a walk batch's visits (those of bound customers are surveyed). */
  async add(visits: readonly VisitFacts[]): Promise<void> {
    this.pending.push(...surveyable(visits));
    while (this.pending.length >= this.size) {
      if (this.running.length >= IN_FLIGHT) await this.running.shift();
      this.start(this.pending.splice(0, this.size));
    }
  }

  /** Writes what is left and waits for every batch (all of them settle before a failure is thrown). */
  async finish(): Promise<void> {
    if (this.pending.length > 0) this.start(this.pending.splice(0));
    const failed = (await Promise.allSettled(this.running.splice(0))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Waits for the batches at work, whatever their outcome (after a failure elsewhere). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.running.splice(0));
  }

  private start(batch: VisitFacts[]): void {
    const run = generateSurveys(batch, this.dealer, this.ctx, this.now).then((created) => {
      this.ctx.count('surveys', created);
    });
    // Awaited by a later add or finish; this only keeps a failure from being reported as unhandled meanwhile.
    run.catch(() => undefined);
    this.running.push(run);
  }
}
