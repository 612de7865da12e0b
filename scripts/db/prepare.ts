/** Builds the embedded FerretDB launcher ahead of time (CI, or before going offline). */
import { ensureFerretdbBinary } from './launcher';

ensureFerretdbBinary((line) => console.log(`[db] ${line}`)).then(
  (path) => console.log(`[db] ready: ${path}`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  }
);
