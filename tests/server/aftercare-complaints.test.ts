import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { AccessLog } from '../../server/src/modules/access-log/access-log.model';
import { Complaint, ComplaintEvent } from '../../server/src/modules/aftercare/complaint.model';
import { Task } from '../../server/src/modules/tasks/task.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeBoundCustomer } from '../support/care-fixtures';
import { errorOf, runEscalation, setNow, setupAftercare } from './aftercare-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const T0 = new Date('2025-08-01T02:00:00Z'); // 10:00 in Shanghai
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
type Auth = { Authorization: string };

async function filed(tier: string | null = 'A', text = '等了三个小时还没修好') {
  const s = await setupAftercare();
  const owner = await makeBoundCustomer(ctx, s.dealership._id, {
    name: '投诉车主',
    tier,
    advisorId: new Types.ObjectId(s.advisor.id)
  });
  setNow(T0);
  const res = await ctx
    .http()
    .post('/api/owner/aftercare/complaints')
    .set(owner.auth)
    .send({ category: 'waiting_time', text })
    .expect(201);
  return { ...s, owner, id: res.body.id as string };
}

const act = (id: string, auth: Auth, body: object) =>
  ctx.http().post(`/api/aftercare/complaints/${id}/actions`).set(auth).send(body);
const ownerStep = (id: string, auth: Auth, step: 'confirm' | 'reopen', body: object = {}) =>
  ctx.http().post(`/api/owner/aftercare/complaints/${id}/${step}`).set(auth).send(body);

describe('complaint workflow', () => {
  test('new → acknowledged → in progress → resolved → closed by the owner, with the history of every change', async () => {
    const c = await filed();
    const first = await ctx.http().get('/api/owner/aftercare/complaints').set(c.owner.auth).expect(200);
    expect(first.body.items[0]).toMatchObject({
      id: c.id,
      status: 'new',
      category: 'waiting_time',
      reply: ''
    });

    setNow(at(30));
    expect((await act(c.id, c.manager.auth, { action: 'acknowledge' }).expect(200)).body.status).toBe(
      'acknowledged'
    );
    await act(c.id, c.manager.auth, { action: 'note', note: '客户情绪激动，需经理致电' }).expect(200);
    expect((await act(c.id, c.advisor.auth, { action: 'start' }).expect(200)).body.status).toBe(
      'in_progress'
    );
    const resolved = await act(c.id, c.advisor.auth, {
      action: 'resolve',
      reply: '已为您加急处理并赠送一次洗车'
    }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', reply: '已为您加急处理并赠送一次洗车' });

    const ownerView = await ctx.http().get('/api/owner/aftercare/complaints').set(c.owner.auth).expect(200);
    expect(ownerView.body.items[0].reply).toBe('已为您加急处理并赠送一次洗车');
    // The owner does not see internal notes.
    expect(ownerView.body.items[0].history.map((h: { action: string }) => h.action)).toEqual([
      'opened',
      'acknowledge',
      'start',
      'resolve'
    ]);

    const closed = await ownerStep(c.id, c.owner.auth, 'confirm').expect(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();

    const staffView = await ctx
      .http()
      .get(`/api/aftercare/complaints/${c.id}`)
      .set(c.manager.auth)
      .expect(200);
    expect(
      staffView.body.history.map(
        (h: { action: string; fromStatus: string | null; toStatus: string; by: string }) => [
          h.action,
          h.fromStatus,
          h.toStatus,
          h.by
        ]
      )
    ).toEqual([
      ['opened', null, 'new', '车主'],
      ['acknowledge', 'new', 'acknowledged', '王经理'],
      ['note', 'acknowledged', 'acknowledged', '王经理'],
      ['start', 'acknowledged', 'in_progress', '李顾问'],
      ['resolve', 'in_progress', 'resolved', '李顾问'],
      ['confirm', 'resolved', 'closed', '车主']
    ]);
    expect(staffView.body.history[2].note).toBe('客户情绪激动，需经理致电');
    // Viewing a complaint is an archive view: written to the access log.
    expect(
      await AccessLog.countDocuments({
        staffId: new Types.ObjectId(c.manager.id),
        detail: `complaint:${c.id}`
      })
    ).toBe(1);
  });

  test('refused transitions answer 422 with a clear message and change nothing', async () => {
    const c = await filed();
    const early = await act(c.id, c.manager.auth, { action: 'resolve', reply: '好了' }).expect(422);
    expect(errorOf(early)).toMatchObject({
      code: 'COMPLAINT_TRANSITION_REFUSED',
      message: '投诉当前状态为「待受理」，不能标记已解决'
    });
    await act(c.id, c.manager.auth, { action: 'start' }).expect(422);
    expect(errorOf(await ownerStep(c.id, c.owner.auth, 'confirm').expect(422))?.message).toBe(
      '投诉当前状态为「待受理」，不能确认解决'
    );
    await ownerStep(c.id, c.owner.auth, 'reopen', { reason: '没人理' }).expect(422);
    await act(c.id, c.manager.auth, { action: 'acknowledge' }).expect(200);
    await act(c.id, c.manager.auth, { action: 'acknowledge' }).expect(422);
    expect(errorOf(await act(c.id, c.manager.auth, { action: 'resolve' }).expect(400))?.code).toBe(
      'REPLY_REQUIRED'
    );
    expect(errorOf(await act(c.id, c.manager.auth, { action: 'note' }).expect(400))?.code).toBe(
      'NOTE_REQUIRED'
    );
    await act(c.id, c.manager.auth, { action: 'close' }).expect(400);
    await act(c.id, c.manager.auth, { action: 'resolve', reply: '已处理' }).expect(200);
    await ownerStep(c.id, c.owner.auth, 'confirm').expect(200);
    const late = await act(c.id, c.manager.auth, { action: 'note', note: '补充' }).expect(422);
    expect(errorOf(late)?.message).toBe('投诉当前状态为「已关闭」，不能添加内部备注');
    await ownerStep(c.id, c.owner.auth, 'reopen', { reason: '又坏了' }).expect(422);
    const stored = await Complaint.findById(c.id).lean();
    expect(stored).toMatchObject({ status: 'closed', version: 4 });
    expect(await ComplaintEvent.countDocuments({ complaintId: new Types.ObjectId(c.id) })).toBe(4);
  });

  test('the owner reopens a resolved complaint: new deadlines, acknowledged again', async () => {
    const c = await filed('C');
    await act(c.id, c.manager.auth, { action: 'acknowledge' }).expect(200);
    await act(c.id, c.manager.auth, { action: 'resolve', reply: '已调整' }).expect(200);
    setNow(at(600));
    expect(errorOf(await ownerStep(c.id, c.owner.auth, 'reopen', {}).expect(400))?.code).toBe(
      'VALIDATION_FAILED'
    );
    const reopened = await ownerStep(c.id, c.owner.auth, 'reopen', { reason: '问题依旧' }).expect(200);
    expect(reopened.body.status).toBe('reopened');
    expect(reopened.body.history.at(-1)).toMatchObject({ action: 'reopen', note: '问题依旧' });
    const view = await ctx.http().get(`/api/aftercare/complaints/${c.id}`).set(c.manager.auth).expect(200);
    expect(view.body.ackDueAt).toBe(at(600 + 24 * 60).toISOString());
    expect(view.body.resolveDueAt).toBe(at(600 + 72 * 60).toISOString());
    await act(c.id, c.manager.auth, { action: 'acknowledge' }).expect(200);
  });

  test('ten acknowledgements at once: one succeeds, the others are refused; one history entry', async () => {
    const c = await filed();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => act(c.id, c.manager.auth, { action: 'acknowledge' }))
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array<number>(9).fill(422)]);
    expect(
      await ComplaintEvent.countDocuments({ complaintId: new Types.ObjectId(c.id), action: 'acknowledge' })
    ).toBe(1);
    expect(await Complaint.findById(c.id).lean()).toMatchObject({ status: 'acknowledged', version: 2 });
  });
});

describe('deadlines by tier and escalation', () => {
  const tasksOf = async (manager: Auth) =>
    (await ctx.http().get('/api/tasks?status=open').set(manager).expect(200)).body.items as Array<{
      kind: string;
      title: string;
    }>;

  test('A: 2 hours to acknowledge, 24 to resolve; the job escalates each once, with a task for the manager', async () => {
    const c = await filed('A');
    const view = await ctx.http().get(`/api/aftercare/complaints/${c.id}`).set(c.manager.auth).expect(200);
    expect(view.body).toMatchObject({
      ackDueAt: at(120).toISOString(),
      resolveDueAt: at(24 * 60).toISOString()
    });

    setNow(at(119));
    await runEscalation(ctx);
    expect(await tasksOf(c.manager.auth)).toEqual([]);

    setNow(at(121));
    await runEscalation(ctx);
    await runEscalation(ctx);
    const tasks = await tasksOf(c.manager.auth);
    expect(tasks.map((t) => [t.kind, t.title])).toEqual([['complaint_escalation', '投诉超时未受理']]);
    // The advisor's own list does not carry the manager's escalation.
    expect(await tasksOf(c.advisor.auth)).toEqual([]);
    const escalated = await ctx
      .http()
      .get(`/api/aftercare/complaints/${c.id}`)
      .set(c.manager.auth)
      .expect(200);
    expect(escalated.body).toMatchObject({ escalated: true, ackOverdue: true });
    expect(escalated.body.history.filter((h: { action: string }) => h.action === 'escalated')).toHaveLength(
      1
    );

    await act(c.id, c.manager.auth, { action: 'acknowledge' }).expect(200);
    setNow(at(24 * 60 + 1));
    await runEscalation(ctx);
    expect((await tasksOf(c.manager.auth)).map((t) => t.title).sort()).toEqual([
      '投诉超时未受理',
      '投诉超时未解决'
    ]);
    expect(await Task.countDocuments({ customerId: c.owner.customerId })).toBe(2);
  });

  test('C: 24 hours to acknowledge (a setting); a complaint acknowledged in time is not escalated', async () => {
    const c = await filed('C');
    setNow(at(3 * 60));
    await runEscalation(ctx);
    expect(await Task.countDocuments({ customerId: c.owner.customerId })).toBe(0);
    await act(c.id, c.manager.auth, { action: 'acknowledge' }).expect(200);
    setNow(at(25 * 60));
    await runEscalation(ctx);
    expect(await Task.countDocuments({ customerId: c.owner.customerId })).toBe(0);

    await ctx
      .http()
      .patch('/api/aftercare/settings')
      .set(c.manager.auth)
      .send({
        deadlines: {
          A: { ackHours: 1, resolveHours: 8 },
          B: { ackHours: 1, resolveHours: 8 },
          C: { ackHours: 4, resolveHours: 48 },
          D: { ackHours: 8, resolveHours: 96 }
        }
      })
      .expect(200);
    setNow(T0);
    const later = await ctx
      .http()
      .post('/api/owner/aftercare/complaints')
      .set(c.owner.auth)
      .send({ category: 'price', text: '收费不透明' })
      .expect(201);
    const view = await ctx
      .http()
      .get(`/api/aftercare/complaints/${later.body.id}`)
      .set(c.manager.auth)
      .expect(200);
    expect(view.body.ackDueAt).toBe(at(4 * 60).toISOString());
    await ctx
      .http()
      .patch('/api/aftercare/settings')
      .set(c.advisor.auth)
      .send({ lowScoreThreshold: 1 })
      .expect(403);
  });
});

describe('who sees what', () => {
  test('owners their own; advisors their customers’ or assigned; staff their dealership’s', async () => {
    const c = await filed();
    const stranger = await makeBoundCustomer(ctx, c.dealership._id);
    await ctx.http().get('/api/owner/aftercare/complaints').set(stranger.auth).expect(200, { items: [] });
    await ownerStep(c.id, stranger.auth, 'confirm').expect(404);
    // One complaint: the owner's own, anyone else's (or none) is 404, a malformed id 400.
    const one = await ctx.http().get(`/api/owner/aftercare/complaints/${c.id}`).set(c.owner.auth).expect(200);
    expect(one.body).toMatchObject({ id: c.id, status: 'new', text: '等了三个小时还没修好', photos: [] });
    expect(one.body.history.map((h: { action: string }) => h.action)).toEqual(['opened']);
    const strangers = await ctx
      .http()
      .get(`/api/owner/aftercare/complaints/${c.id}`)
      .set(stranger.auth)
      .expect(404);
    expect(errorOf(strangers)?.code).toBe('COMPLAINT_NOT_FOUND');
    await ctx
      .http()
      .get(`/api/owner/aftercare/complaints/${new Types.ObjectId().toString()}`)
      .set(c.owner.auth)
      .expect(404);
    await ctx.http().get('/api/owner/aftercare/complaints/not-an-id').set(c.owner.auth).expect(400);

    await ctx.http().get(`/api/aftercare/complaints/${c.id}`).set(c.advisor.auth).expect(200);
    await ctx.http().get(`/api/aftercare/complaints/${c.id}`).set(c.otherAdvisor.auth).expect(404);
    await act(c.id, c.otherAdvisor.auth, { action: 'acknowledge' }).expect(404);
    expect(
      errorOf(
        await act(c.id, c.advisor.auth, { action: 'assign', assigneeId: c.otherAdvisor.id }).expect(403)
      )?.code
    ).toBe('ASSIGN_NOT_ALLOWED');
    await act(c.id, c.manager.auth, { action: 'assign', assigneeId: c.otherAdvisor.id }).expect(200);
    const theirs = await ctx.http().get('/api/aftercare/complaints').set(c.otherAdvisor.auth).expect(200);
    expect(theirs.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);

    const other = await setupAftercare('别家');
    await ctx.http().get(`/api/aftercare/complaints/${c.id}`).set(other.manager.auth).expect(404);
    await act(c.id, c.manager.auth, { action: 'assign', assigneeId: other.advisor.id }).expect(404);
    const list = await ctx.http().get('/api/aftercare/complaints?status=new').set(c.manager.auth).expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  test('an owner complaint about a visit must name a visit of theirs', async () => {
    const c = await filed();
    const res = await ctx
      .http()
      .post('/api/owner/aftercare/complaints')
      .set(c.owner.auth)
      .send({ category: 'parts', text: '配件不对', visitKey: `ro:${new Types.ObjectId().toString()}` })
      .expect(404);
    expect(errorOf(res)?.code).toBe('VISIT_NOT_FOUND');
    await ctx
      .http()
      .post('/api/owner/aftercare/complaints')
      .set(c.owner.auth)
      .send({ category: 'parts', text: '' })
      .expect(400);
    await ctx
      .http()
      .post('/api/owner/aftercare/complaints')
      .set(c.owner.auth)
      .send({ category: 'unknown', text: '配件' })
      .expect(400);
  });
});
