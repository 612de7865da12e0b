/**
 * Creates the first group admin on a production database:
 *   MONGODB_URI=… ADMIN_PASSWORD=… npx tsx scripts/create-admin.ts --username boss --name 集团管理员
 */
import { parseArgs } from 'node:util';
import { disconnectDatabase } from '../server/src/lib/db';
import { openDatabase } from '../server/src/composition';
import { AppError } from '../server/src/lib/errors';
import { createStaff } from '../server/src/modules/staff/staff.service';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, name: { type: 'string', default: '集团管理员' } }
  });
  const uri = process.env.MONGODB_URI;
  const password = process.env.ADMIN_PASSWORD;
  if (!uri || !password || !values.username) {
    console.error(
      'usage: MONGODB_URI=… ADMIN_PASSWORD=… npx tsx scripts/create-admin.ts --username NAME [--name 显示名]'
    );
    process.exit(2);
  }
  await openDatabase(uri);
  try {
    const admin = await createStaff({
      username: values.username,
      name: values.name ?? '集团管理员',
      role: 'group_admin',
      password,
      dealershipId: null
    });
    console.log(`created group admin ${admin.username} (${admin.id})`);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(`refused: ${err.message}`);
    process.exitCode = 1;
  } finally {
    await disconnectDatabase();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
