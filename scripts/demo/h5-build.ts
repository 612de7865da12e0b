import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Builds the H5 app once (first start), showing one progress line instead of webpack's
 * progress bar: the build's own output goes to a log file, whose end is printed if it fails.
 */
export async function ensureH5Build(root: string, h5Dir: string, logFile: string): Promise<void> {
  if (existsSync(resolve(h5Dir, 'index.html'))) return;
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const started = Date.now();
  const tty = process.stdout.isTTY;
  const line = (text: string) => (tty ? process.stdout.write(`\r${text}`) : undefined);
  console.log(`Building the H5 app (first start only; takes a few minutes; output in ${logFile})`);
  // Webpack's own bar says how far it got ("… sealing (92%)"): the line keeps the last figure.
  let percent = '';
  const tick = setInterval(
    () =>
      line(`  building… ${percent ? `${percent} · ` : ''}${Math.round((Date.now() - started) / 1000)} s   `),
    1000
  );
  const status = await new Promise<number | null>((done, fail) => {
    const child = spawn('npm', ['run', 'build:h5', '-w', 'miniapp'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true' }
    });
    child.stdout.on('data', (chunk: Buffer) => {
      const figures = chunk.toString('latin1').match(/\d{1,3}%/g);
      if (figures) percent = figures[figures.length - 1];
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', fail);
    child.once('close', done);
  }).finally(() => clearInterval(tick));
  await new Promise<void>((done) => log.end(done));
  line('');
  if (status !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`The H5 build failed (exit ${status}); the end of ${logFile}:\n${tail}`);
  }
  console.log(`${tty ? '\r' : ''}  H5 app built in ${Math.round((Date.now() - started) / 1000)} s`);
}
