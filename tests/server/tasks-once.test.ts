import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { Contact } from '../../server/src/modules/contacts/contact.model';
import { Task, TaskCompletion } from '../../server/src/modules/tasks/task.model';
import { createCareTasks } from '../../server/src/modules/tasks/task.service';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, type StaffLogin } from '../support/factories';

/** Closing a task logs exactly one contact, however many requests close it at once. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function openTask() {
  const dealership = await makeDealership();
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const customer = await makeCustomer(dealership._id, {
    name: '任务客户',
    advisorId: new Types.ObjectId(advisor.id)
  });
  const key = `rule:${String(customer._id)}:2025-04-01`;
  await createCareTasks([
    {
      key,
      dealershipId: dealership._id,
      customerId: customer._id,
      customerName: customer.name,
      advisorId: new Types.ObjectId(advisor.id),
      ruleId: new Types.ObjectId(),
      kind: 'quarterly_call',
      title: '季度回访：任务客户',
      note: '',
      occasionDate: '2025-04-01',
      dueDate: '2025-05-01'
    }
  ]);
  const task = await Task.findOne({ key }).lean();
  return { advisor, customer, taskId: String(task!._id) };
}

const closeAll = (advisor: StaffLogin, taskId: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      ctx
        .http()
        .post(`/api/tasks/${taskId}/done`)
        .set(advisor.auth)
        .send({ outcome: `已联系${i}`, channel: 'phone' })
    )
  );

test('ten taps at once: one 200, the rest 409, one contact', async () => {
  const { advisor, customer, taskId } = await openTask();
  const answers = await closeAll(advisor, taskId, 10);
  expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(9).fill(409)]);
  expect(await Contact.countDocuments({ customerId: customer._id })).toBe(1);
});

test('a close that stopped half-way is finished once, even by several requests at once', async () => {
  const { advisor, customer, taskId } = await openTask();
  // A process died after claiming the close and before logging the contact, two minutes ago.
  await TaskCompletion.create({
    _id: new Types.ObjectId(taskId),
    staffId: new Types.ObjectId(advisor.id),
    contactId: null,
    at: new Date(clock.now().getTime() - 120_000)
  });
  const answers = await closeAll(advisor, taskId, 8);
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  expect(
    answers.every((a) => a.status === 200 || (a.status === 409 && a.body.error.code === 'TASK_ALREADY_DONE'))
  ).toBe(true);
  const contacts = await Contact.find({ customerId: customer._id }).lean();
  expect(contacts).toHaveLength(1);
  const task = await Task.findById(taskId).lean();
  expect(task).toMatchObject({ status: 'done', contactId: contacts[0]._id });
});
