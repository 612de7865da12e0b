/**
 * Filter pushdown in our FerretDB build (scripts/db/ferretdb/patches/sqlite-pushdown.go.patched).
 *
 * Equality and $in on strings / ObjectIds / booleans of top-level fields are pushed down to
 * SQLite as a WHERE that selects a SUPERSET of the matches through the fields' indexes
 * (`field = v OR field is an array`); FerretDB's handler then applies the full filter. These
 * tests check that results are exactly MongoDB's on documents that hold every kind of value
 * (compared with an in-memory reference matcher), for find/count/distinct/aggregate/update/
 * delete, indexed and unindexed fields; and, on FerretDB, that `explain` shows an index SEARCH
 * (the speed-up: before, every such query decoded the whole collection in Go).
 *
 * They run on whatever jest's globalSetup started; the explain block runs on FerretDB only.
 */
import { randomBytes } from 'node:crypto';
import { Double, MongoClient, ObjectId, type Collection, type Db, type Document, type Filter } from 'mongodb';

const onFerretdb = process.env.TEST_DB_ENGINE === 'ferretdb';
const describeFerretdb = onFerretdb ? describe : describe.skip;

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  const base = process.env.TEST_MONGODB_URI;
  if (!base)
    throw new Error('TEST_MONGODB_URI is not set: run through jest (globalSetup starts the database)');
  client = await MongoClient.connect(base);
  db = client.db(`pushdown_${randomBytes(4).toString('hex')}`);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
});

// ---------------------------------------------------------------------------------------
// Documents holding every kind of value, and a reference matcher with MongoDB's semantics

const O1 = new ObjectId();
const O2 = new ObjectId();
const TRICKY = 'a<b>&"\\é😀\u2028\n\t\'%_[x]';

/** `missing` stands for a document without the field. */
const missing = Symbol('missing');

/** One document per value, in both `customerId` (indexed) and `tag` (not indexed). */
const VALUES: unknown[] = [
  'A',
  'B',
  'A', // a second one, so that skip/limit have something to page through
  O1,
  O2,
  O1.toHexString(), // a string that looks like O1 (same JSON text in FerretDB's storage)
  ['A', 'x'],
  ['x', 'y'],
  [O1, 'B'],
  [{ customerId: 'A', tag: 'A' }], // array of subdocuments: {customerId: 'A'} must not match
  [],
  [null, 'B'],
  ['B', true],
  42,
  new Double(42), // 42.0: equal to 42 for MongoDB
  42.5,
  missing,
  null,
  true,
  false,
  { v: 'A' },
  '',
  TRICKY,
  '[A]', // a string starting with '[' (not an array)
  '\\'
];

interface Item {
  _id: ObjectId;
  n: number;
  amount: number;
  customerId?: unknown;
  tag?: unknown;
}

function makeItems(): Item[] {
  const items: Item[] = VALUES.map((v, n) => {
    const doc: Item = { _id: new ObjectId(), n, amount: n % 10 };
    if (v !== missing) {
      doc.customerId = v;
      doc.tag = v;
    }
    return doc;
  });
  // a few with different values in the two fields, for $and and mixed filters
  const extra: [unknown, unknown][] = [
    ['A', 'B'],
    ['B', 'A'],
    ['A', ['A']],
    [O1, 'A']
  ];
  for (const [customerId, tag] of extra) {
    const n = items.length;
    items.push({ _id: new ObjectId(), n, amount: n % 10, customerId, tag });
  }
  return items;
}

const ITEMS = makeItems();

/** What the driver gives back for a stored value (Double(42) reads back as 42). */
function plain(v: unknown): unknown {
  if (v instanceof Double) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

function scalarEquals(a: unknown, q: unknown): boolean {
  a = plain(a);
  if (q === null) return a === null;
  if (q instanceof ObjectId) return a instanceof ObjectId && a.equals(q);
  if (typeof q === 'string' || typeof q === 'boolean' || typeof q === 'number') return a === q;
  throw new Error(`reference matcher: unsupported query value ${String(q)}`);
}

/** MongoDB equality of a field value (undefined = missing) with a scalar query value. */
function fieldEquals(v: unknown, q: unknown): boolean {
  if (v === undefined) return q === null;
  if (Array.isArray(v)) return v.some((e) => scalarEquals(e, q));
  return scalarEquals(v, q);
}

type Condition = unknown; // a scalar, or {$in: [...]}, {$eq: x}, {$gt: n}, {$ne: x}
type Query = Record<string, Condition>;

function conditionMatches(v: unknown, cond: Condition): boolean {
  if (cond !== null && typeof cond === 'object' && !(cond instanceof ObjectId)) {
    return Object.entries(cond).every(([op, arg]) => {
      switch (op) {
        case '$in':
          return (arg as unknown[]).some((q) => fieldEquals(v, q));
        case '$eq':
          return fieldEquals(v, arg);
        case '$ne':
          return !fieldEquals(v, arg);
        case '$gt':
          return typeof v === 'number' && v > (arg as number);
        default:
          throw new Error(`reference matcher: unsupported operator ${op}`);
      }
    });
  }
  return fieldEquals(v, cond);
}

function matches(doc: Item, query: Query): boolean {
  return Object.entries(query).every(([key, cond]) => {
    if (key === '$and') return (cond as Query[]).every((q) => matches(doc, q));
    return conditionMatches((doc as unknown as Record<string, unknown>)[key], cond);
  });
}

const ns = (docs: { n: number }[]): number[] => docs.map((d) => d.n).sort((a, b) => a - b);
const expected = (query: Query): number[] => ns(ITEMS.filter((d) => matches(d, query)));
/** A filter for test names (JSON.stringify alone prints an ObjectId as its hex string). */
const show = (q: unknown): string =>
  JSON.stringify(q, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof ObjectId) return `ObjectId(${raw.toHexString()})`;
    return raw instanceof RegExp ? String(raw) : v;
  });

/** Pushed-down kinds (string, ObjectId, bool), and others that must still be right. */
const SCALARS: unknown[] = [
  'A',
  'B',
  O1,
  O1.toHexString(),
  true,
  false,
  '',
  TRICKY,
  '[A]',
  '\\',
  'nope',
  42,
  42.5,
  null
];
const IN_LISTS: unknown[][] = [
  ['A', 'B'],
  [O1, 'A'],
  [O2, O1.toHexString()],
  [true, 'B'],
  [false],
  ['nope', 'nope2'],
  ['A', 42], // has a number: not pushed down
  ['A', null], // has null: not pushed down
  [] // matches nothing (pushed down as a false condition)
];

function queriesOn(field: string): Query[] {
  return [
    ...SCALARS.map((v) => ({ [field]: v })),
    ...IN_LISTS.map((list) => ({ [field]: { $in: list } })),
    { [field]: { $eq: 'A' } },
    { [field]: { $in: ['A', 'B'], $ne: 'B' } }
  ];
}

const QUERIES: Query[] = [
  ...queriesOn('customerId'),
  ...queriesOn('tag'),
  { customerId: 'A', amount: { $gt: 5 } }, // a pushed key and a non-pushed one
  { customerId: 'A', tag: 'B' }, // two pushed keys (one indexed)
  { customerId: { $in: ['A', O1] }, tag: 'A' },
  { $and: [{ customerId: 'A' }, { tag: { $in: ['A', 'B'] } }] },
  { $and: [{ customerId: 'A' }], amount: { $gt: 2 } }
];

async function freshCollection(name: string): Promise<Collection<Item>> {
  const c = db.collection<Item>(name);
  await c.drop().catch(() => undefined);
  await c.createIndex({ customerId: 1 });
  await c.insertMany(ITEMS.map((d) => ({ ...d })));
  return c;
}

describe('filter pushdown gives MongoDB results on mixed documents', () => {
  let items: Collection<Item>;

  beforeAll(async () => {
    items = await freshCollection('items');
  });

  it('the reference matcher agrees with itself on the obvious cases', () => {
    expect(expected({ customerId: 'A' }).length).toBeGreaterThan(3);
    expect(expected({ customerId: 42 })).toEqual([13, 14]);
    expect(expected({ customerId: null })).toEqual([11, 16, 17]); // [null, 'B'], missing, null
  });

  it.each(QUERIES.map((q) => [show(q), q] as const))('find %s', async (_, query) => {
    const want = expected(query);
    const filter = query as Filter<Item>;
    expect(ns(await items.find(filter).toArray())).toEqual(want);
    // with sort / skip / limit
    const paged = await items.find(filter).sort({ n: -1 }).skip(1).limit(2).toArray();
    expect(paged.map((d) => d.n)).toEqual([...want].reverse().slice(1, 3));
    // limit without sort: any `limit` of the matches
    const limited = ns(await items.find(filter).limit(2).toArray());
    expect(limited).toHaveLength(Math.min(2, want.length));
    expect(want).toEqual(expect.arrayContaining(limited));
    expect(await items.countDocuments(filter)).toBe(want.length);
    expect(((await items.distinct('n', filter)) as number[]).sort((a, b) => a - b)).toEqual(want);
    const agg = await items
      .aggregate<{ n: number }>([{ $match: filter }, { $project: { _id: 0, n: 1 } }])
      .toArray();
    expect(ns(agg)).toEqual(want);
  });

  it('finds by _id and _id $in (strings and ObjectIds)', async () => {
    const [a, b, c] = ITEMS;
    expect(ns(await items.find({ _id: a._id }).toArray())).toEqual([a.n]);
    expect(ns(await items.find({ _id: { $in: [c._id, a._id, new ObjectId()] } }).toArray())).toEqual([
      a.n,
      c.n
    ]);
    expect(await items.countDocuments({ _id: b._id.toHexString() as unknown as ObjectId })).toBe(0);
    const s = db.collection<{ _id: string; v: number }>('string_ids');
    await s.insertMany([
      { _id: 'x', v: 1 },
      { _id: 'y', v: 2 },
      { _id: O1.toHexString(), v: 3 }
    ]);
    expect(await s.findOne({ _id: 'y' })).toEqual({ _id: 'y', v: 2 });
    expect(
      (await s.find({ _id: { $in: ['x', O1.toHexString(), 'z'] } }).toArray()).map((d) => d.v).sort()
    ).toEqual([1, 3]);
    expect(await s.countDocuments({ _id: O1 as unknown as string })).toBe(0); // an ObjectId is not its hex string
  });

  it('a capped collection still returns matches in insertion order', async () => {
    await db
      .collection('capped')
      .drop()
      .catch(() => undefined);
    const capped = await db.createCollection('capped', { capped: true, size: 1 << 20 });
    await capped.createIndex({ k: 1 });
    const kOf = (i: number): unknown => (i % 3 === 0 ? 'a' : i % 3 === 1 ? ['b', 'a'] : 'b');
    await capped.insertMany(Array.from({ length: 30 }, (_, i) => ({ i, k: kOf(i) })));
    const got = (await capped.find({ k: 'a' }).toArray()).map((d) => d.i as number);
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 2));
  });

  it('findOneAndUpdate and updateOne pick a matching document', async () => {
    const c = await freshCollection('items_one');
    const doc = await c.findOneAndUpdate(
      { customerId: O1, tag: 'A' },
      { $set: { hit: 1 } },
      { returnDocument: 'after' }
    );
    expect(doc?.n).toBe(expected({ customerId: O1, tag: 'A' })[0]);
    const res = await c.updateOne({ tag: { $in: [false] } }, { $set: { hit: 2 } });
    expect(res.matchedCount).toBe(1);
    expect(ns(await c.find({ hit: 2 }).toArray())).toEqual(expected({ tag: false }));
  });
});

describe('updateMany and deleteMany with pushed-down filters affect exactly the matches', () => {
  const writeQueries: Query[] = [
    { customerId: 'A' },
    { tag: 'A' },
    { customerId: O1 },
    { tag: { $in: [O1, 'B'] } },
    { customerId: { $in: ['A', 'B', O2] } },
    { customerId: true },
    { tag: null },
    { customerId: 42 },
    { customerId: 'A', amount: { $gt: 5 } },
    { customerId: 'nope' }
  ];

  it.each(writeQueries.map((q, i) => [show(q), q, i] as const))('updateMany %s', async (_, query, i) => {
    const c = await freshCollection(`upd_${i}`);
    const want = expected(query);
    const res = await c.updateMany(query as Filter<Item>, { $set: { hit: true } });
    expect(res.matchedCount).toBe(want.length);
    expect(res.modifiedCount).toBe(want.length);
    expect(ns(await c.find({ hit: true }).toArray())).toEqual(want);
    expect(await c.countDocuments()).toBe(ITEMS.length);
    await c.drop();
  });

  it.each(writeQueries.map((q, i) => [show(q), q, i] as const))('deleteMany %s', async (_, query, i) => {
    const c = await freshCollection(`del_${i}`);
    const want = expected(query);
    const res = await c.deleteMany(query as Filter<Item>);
    expect(res.deletedCount).toBe(want.length);
    const kept = ns(await c.find().toArray());
    expect(kept).toEqual(ns(ITEMS.filter((d) => !want.includes(d.n))));
    await c.drop();
  });

  it('deleteMany of more than 32766 documents (one SQL variable each in FerretDB) works', async () => {
    const c = db.collection('many');
    await c.createIndex({ g: 1 });
    const total = 33_000;
    await c.insertMany(Array.from({ length: total }, (_, i) => ({ i, g: i < total - 10 ? 'x' : 'y' })));
    expect((await c.deleteMany({ g: 'x' })).deletedCount).toBe(total - 10);
    expect(await c.countDocuments()).toBe(10);
    await c.drop();
  });
});

describe('field names that are awkward in SQL (SQLite reads "rowid" as a column, not a string)', () => {
  it.each([
    'rowid',
    'oid',
    '_rowid_',
    'ROWID',
    '_ferretdb_sjson',
    'a b',
    'клиент',
    "it's",
    '123',
    'a-b',
    'a[0]',
    'a*'
  ])('equality and $in on %j', async (field) => {
    const c = db.collection(`awkward_${randomBytes(3).toString('hex')}`);
    await c.insertMany([{ [field]: 'A', k: 1 }, { [field]: ['A'], k: 2 }, { [field]: 'B', k: 3 }, { k: 4 }]);
    const ks = async (f: Document): Promise<number[]> =>
      (await c.find(f).toArray()).map((d) => d.k as number).sort();
    expect(await ks({ [field]: 'A' })).toEqual([1, 2]);
    expect(await ks({ [field]: { $in: ['B', 'C'] } })).toEqual([3]);
    await c.drop();
  });
});

// ---------------------------------------------------------------------------------------
// The speed-up, shown by SQLite's plan (FerretDB's explain runs EXPLAIN QUERY PLAN)

interface FerretExplain {
  queryPlanner?: { Plan?: string[] };
  filterPushdown?: boolean;
}

const plan = (e: Document): string => ((e as FerretExplain).queryPlanner?.Plan ?? []).join('\n');

describeFerretdb('FerretDB explain shows the pushed-down filter using the index', () => {
  let c: Collection<Item>;
  let table: string;

  beforeAll(async () => {
    c = await freshCollection('explained');
    await c.createIndex({ dealershipId: 1, n: -1 }); // compound: its first field is usable too
    // the SQLite table name: what a full scan reports
    const scan = plan(await c.find({ amount: 1 }).explain());
    table = /SCAN (\S+)/.exec(scan)?.[1] ?? '';
    expect(table).not.toBe('');
  });

  it('equality on an indexed field: index SEARCH (for the value and for arrays), no full scan', async () => {
    const e = await c.find({ customerId: 'A' }).explain();
    expect(e.filterPushdown).toBe(true);
    const p = plan(e);
    expect(p).toMatch(new RegExp(`SEARCH ${table} USING INDEX ${table}_customerId_1 \\(<expr>=\\?\\)`));
    expect(p).not.toMatch(/SCAN/);
    // the same for an ObjectId, a bool, $in, $eq, with sort/limit and mixed with other keys
    // (FerretDB's explain refuses a skip: "BSON field 'skip' is the wrong type 'int'")
    for (const filter of [
      { customerId: O1 },
      { customerId: false },
      { customerId: { $in: ['A', O1] } },
      { customerId: { $eq: 'B' } },
      { customerId: 'A', amount: { $gt: 5 } },
      { $and: [{ customerId: 'A' }, { amount: 3 }] }
    ]) {
      const p2 = plan(
        await c
          .find(filter as Filter<Item>)
          .sort({ n: 1 })
          .limit(5)
          .explain()
      );
      expect([show(filter), p2]).toEqual([
        show(filter),
        expect.stringMatching(/SEARCH \S+ USING INDEX \S+_customerId_1/)
      ]);
      expect(p2).not.toMatch(/SCAN/);
    }
  });

  it('_id equality and $in: a plain SEARCH on the _id index', async () => {
    const p = plan(await c.find({ _id: ITEMS[0]._id }).explain());
    expect(p).toMatch(new RegExp(`SEARCH ${table} USING INDEX ${table}__id_ \\(<expr>=\\?\\)`));
    const pIn = plan(await c.find({ _id: { $in: [ITEMS[0]._id, ITEMS[1]._id] } }).explain());
    expect(pIn).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    expect(`${p}\n${pIn}`).not.toMatch(/SCAN/);
  });

  it('the first field of a compound index serves too', async () => {
    const p = plan(await c.find({ dealershipId: 'D1' }).explain());
    expect(p).toMatch(/SEARCH \S+ USING INDEX \S+_dealershipId_1_n_-1/);
  });

  it('aggregate with a leading $match (what countDocuments sends) uses the index', async () => {
    const agg = await db.command({
      explain: {
        aggregate: 'explained',
        pipeline: [{ $match: { customerId: 'A' } }, { $count: 'n' }],
        cursor: {}
      }
    });
    expect(plan(agg)).toMatch(/SEARCH \S+ USING INDEX \S+_customerId_1/);
    // (`explain` of a `count` command is no evidence: FerretDB's explain reads the filter from
    // `filter`, not from count's `query`, and shows a SCAN; the count command itself pushes
    // its `query` down like find does.)
  });

  it('an unindexed field is still pushed down (filtered by SQLite during its scan)', async () => {
    const e = await c.find({ tag: 'A' }).explain();
    expect(e.filterPushdown).toBe(true);
    expect(plan(e)).toMatch(new RegExp(`SCAN ${table}`));
  });

  it('an empty $in is pushed down as a false condition (SQLite reads no row; before, every document was decoded)', async () => {
    for (const filter of [
      { customerId: { $in: [] } },
      { _id: { $in: [] } },
      { tag: { $in: [] }, amount: 1 }
    ]) {
      const e = await c.find(filter as Filter<Item>).explain();
      expect([show(filter), e.filterPushdown]).toEqual([show(filter), true]);
      expect(await c.countDocuments(filter as Filter<Item>)).toBe(0);
    }
  });

  it('numbers, null, regexes and other operators are not pushed down', async () => {
    for (const filter of [
      { customerId: 42 },
      { customerId: null },
      { customerId: /A/ },
      { customerId: { $gt: 'A' } },
      { customerId: { $in: ['A', 42] } },
      { 'customerId.x': 'A' },
      { $or: [{ customerId: 'A' }] }
    ]) {
      const e = await c.find(filter as Filter<Item>).explain();
      expect([show(filter), e.filterPushdown]).toEqual([show(filter), false]);
      expect(plan(e)).toMatch(/SCAN/);
    }
  });
});
