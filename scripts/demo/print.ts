import { STAFF_ROLE_LABELS } from '@dealer/shared';
import type { DemoLogin } from './seed-demo';
import { DEMO_OWNER } from './seed-demo';

/** Staff passwords are stored hashed: this is the only time they are shown. */
export function printLogins(logins: DemoLogin[]): void {
  console.log('\nDemo staff logins (shown once — note them down):');
  for (const l of logins)
    console.log(`  ${STAFF_ROLE_LABELS[l.role].padEnd(8, '　')} ${l.username.padEnd(10)} ${l.password}`);
  console.log(
    `\nDemo car owner: phone ${DEMO_OWNER.mobile}, plate ${DEMO_OWNER.plate}, VIN last 6 ${DEMO_OWNER.vin.slice(-6)}\n`
  );
}
