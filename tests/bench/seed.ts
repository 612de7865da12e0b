/** Seeding helpers shared by the benchmarks that build a large dealership with the driver. */

/** Car series of the synthetic dealership; benches pick them skewed (`random() ** 2`). */
export const CAR_SERIES = [
  '帕萨特',
  '迈腾',
  '途观L',
  '朗逸',
  '速腾',
  '宝来',
  '高尔夫',
  '探岳',
  '途岳',
  '凌渡',
  '威然',
  '途昂',
  '揽境',
  'ID.4',
  'ID.6',
  '辉昂'
];

const INSERT_BATCH = 5000;

/**
 * Inserts `total` documents made by `make(i)` in batches of 5,000, reporting progress on
 * stderr every 100,000 (seeding a million records takes minutes on FerretDB).
 */
export async function insertAll(
  name: string,
  total: number,
  make: (i: number) => Record<string, unknown>,
  insert: (docs: Record<string, unknown>[]) => Promise<unknown>
): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < total; i += INSERT_BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(total, i + INSERT_BATCH); j++) docs.push(make(j));
    await insert(docs);
    if ((i / INSERT_BATCH) % 20 === 0 || i + INSERT_BATCH >= total)
      process.stderr.write(
        `  ${name}: ${Math.min(total, i + INSERT_BATCH)}/${total} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`
      );
  }
}
