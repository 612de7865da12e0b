import type { Types } from 'mongoose';

/** A survey answered by a customer (emitted by the aftercare module). */
export interface SurveyAnswered {
  id: string;
  dealershipId: string;
  customerId: string;
  visitKey: string;
  answeredAt: Date | string;
}

/**
 * What points reads from modules of its own layer, passed in by the composition root
 * (`ModuleWiring.points`) instead of imported: a source that does not exist yet is absent.
 */
export interface PointsSources {
  /** Survey answers after `afterId` (exclusive; null: from the start), oldest first, at most `limit`. */
  surveyAnswersSince?(afterId: string | null, limit: number): Promise<SurveyAnswered[]>;
  /**
   * Which of these stock-claim holders are records another module keeps and frees the claims of
   * itself (WeChat Pay orders): the stray-claim sweep leaves their claims alone.
   */
  claimHoldersKept?(holderIds: readonly Types.ObjectId[]): Promise<Set<string>>;
}
