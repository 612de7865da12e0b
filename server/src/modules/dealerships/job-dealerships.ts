import { Types } from 'mongoose';
import { Dealership } from './dealership.model';

export interface JobDealership {
  _id: Types.ObjectId;
  name: string;
}

/**
 * The dealerships a job run covers, by code: every one, or the one an operator names with
 * `--dealership <id or code>` (a job's `dealership` option). An unknown one throws, so a typo
 * fails the run instead of doing nothing quietly.
 */
export async function dealershipsForRun(only: string | undefined): Promise<JobDealership[]> {
  const filter = !only
    ? {}
    : Types.ObjectId.isValid(only) && only.length === 24
      ? { _id: new Types.ObjectId(only) }
      : { code: only };
  const rows = await Dealership.find(filter, { name: 1 }).sort({ code: 1 }).lean();
  if (only && rows.length === 0) throw new Error(`no dealership ${only}`);
  return rows.map((d) => ({ _id: d._id, name: d.name }));
}
