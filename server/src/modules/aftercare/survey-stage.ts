import type { JobContext } from '../../lib/jobs/define';
import { generateSurveys, surveyable } from './survey-generation';
import type { VisitFacts } from './visit-facts';

/** Bound visits a survey batch takes (its invitations go through care in one plan). */
export const SURVEY_BATCH = 250;

type StageContext = Pick<JobContext, 'deps' | 'logger' | 'count' | 'runId'>;

/**
 * The survey step of the daily walk, beside it rather than inside it. A walk batch of 500
 * visits holds about a hundred of bound customers, and a survey batch is a chain of a dozen
 * round trips (the surveys, then their invitations planned and delivered through care), so
 * running it inside every walk batch held the walk up for a chain per batch. Here the bound
 * visits gather into batches of SURVEY_BATCH, written one batch at a time while the walk goes
 * on. At most one batch waits besides the one being written (`add` waits when the next is
 * full and the last is still at work), so memory stays flat whatever the day's size.
 * A failure fails the next `add` or `finish`.
 */
export class SurveyStage {
  private pending: VisitFacts[] = [];
  private running: Promise<void> = Promise.resolve();

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
      await this.running;
      this.start(this.pending.splice(0, this.size));
    }
  }

  /** Writes what is left and waits for every batch. */
  async finish(): Promise<void> {
    await this.running;
    if (this.pending.length > 0) this.start(this.pending.splice(0));
    await this.running;
  }

  /** Waits for the batch at work, whatever its outcome (after a failure elsewhere). */
  async settle(): Promise<void> {
    await this.running.catch(() => undefined);
  }

  private start(batch: VisitFacts[]): void {
    const run = generateSurveys(batch, this.dealer, this.ctx, this.now).then((created) => {
      this.ctx.count('surveys', created);
    });
    // Awaited by the next add or finish; this only keeps a failure from being reported as unhandled meanwhile.
    run.catch(() => undefined);
    this.running = run;
  }
}
