import mongoose from 'mongoose';

/**
 * Query operators written by our own code. `sanitizeFilter` is on (so a client's
 * `{"$gt": ""}` is matched as a literal value, never as an operator); our operators are
 * marked trusted here, in one place, so each use reads as intent.
 */
type Op = Record<string, unknown>;
const trusted = (op: Op): Op => mongoose.trusted(op) as Op;

export const op = {
  in: <T>(values: readonly T[]) => trusted({ $in: values }),
  nin: <T>(values: readonly T[]) => trusted({ $nin: values }),
  ne: <T>(value: T) => trusted({ $ne: value }),
  gt: <T>(value: T) => trusted({ $gt: value }),
  gte: <T>(value: T) => trusted({ $gte: value }),
  lt: <T>(value: T) => trusted({ $lt: value }),
  lte: <T>(value: T) => trusted({ $lte: value }),
  range: <T>(from?: T, to?: T) =>
    trusted({ ...(from === undefined ? {} : { $gte: from }), ...(to === undefined ? {} : { $lte: to }) }),
  exists: (yes: boolean) => trusted({ $exists: yes }),
  /** Case-insensitive substring match on user text (escaped: the text is never a pattern). */
  contains: (text: string) => trusted({ $regex: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' }),
  startsWith: (text: string) => trusted({ $regex: `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` })
};
