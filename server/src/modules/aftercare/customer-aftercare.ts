import type { StaffAuth } from '../../http/auth-context';
import { recordAccess } from '../access-log/access-log.service';
import { loadCustomerFor } from '../customers/customer.scope';
import { Complaint, type ComplaintDoc } from './complaint.model';
import { presentForStaff } from './complaint-query';
import { Survey, type SurveyDoc } from './survey.model';
import { presentSurveys } from './survey.service';

/**
 * The aftercare part of one archive (surveys with their answers, complaints with their
 * history), through the customer scope (an advisor: their customers); an archive view,
 * so it is written to the access log.
 */
export async function customerAftercare(auth: StaffAuth, customerId: string, requestId: string) {
  const customer = await loadCustomerFor(auth, customerId);
  await recordAccess({
    auth,
    action: 'view',
    dealershipId: customer.dealershipId,
    customer: { _id: customer._id, name: customer.name },
    detail: 'aftercare',
    requestId
  });
  const [surveys, complaints] = await Promise.all([
    Survey.find({ customerId: customer._id }).sort({ createdAt: -1 }).limit(50).lean<SurveyDoc[]>(),
    Complaint.find({ customerId: customer._id }).sort({ createdAt: -1 }).limit(50).lean<ComplaintDoc[]>()
  ]);
  return { surveys: await presentSurveys(surveys), complaints: await presentForStaff(complaints) };
}
