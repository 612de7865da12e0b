/**
 * Summarises a .cpuprofile: where the samples fall (idle, garbage collection, our code per
 * file, each package under node_modules, node internals), and the functions with the most
 * self time.
 *
 *   npx tsx tests/bench/profile-summary.ts /tmp/prof/repair_orders-1.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

/** The area a frame belongs to: a package, a file of ours, node itself, or a VM state. */
function areaOf(url: string, fn: string): string {
  if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') return fn;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/((?:server|shared|tests|scripts)\/.*)$/.exec(url);
  if (ours) return ours[1];
  return url.startsWith('node:') || url === '' ? 'node internals' : url;
}

function summarise(path: string, top: number): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<number, number>();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const ms = (profile.endTime - profile.startTime) / 1000;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, n] of counts) {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + n);
    const key = `${frame.functionName || '(anonymous)'} ${area}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + n);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)} %`;
  const lines = [`${path}: ${(ms / 1000).toFixed(1)} s, ${total} samples`, 'self time by area:'];
  for (const [area, n] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(n).padStart(7)}  ${area}`);
  lines.push('self time by function:');
  for (const [key, n] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(n).padStart(7)}  ${key}`);
  return lines.join('\n');
}

const [path, top] = process.argv.slice(2);
if (!path) {
  console.error('usage: profile-summary.ts FILE.cpuprofile [top]');
  process.exit(2);
}
console.log(summarise(path, Number(top ?? 25)));
