/**
 * The server's settings and composition for an operator script (care-run, aftercare-run,
 * reminders-run): settings from the environment like the server's (log level `warn` unless
 * set), every module wired as the server wires it. Bad settings are reported through the
 * script's own `fail` (its exit code for bad arguments or settings).
 */
import { loadConfig, ConfigError } from '../server/src/config';
import { createLogger } from '../server/src/lib/logger';
import { compose, infrastructureFrom } from '../server/src/composition';

export function composeForScript(fail: (message: string) => never) {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err));
  }
  return { config, composition: compose(infrastructureFrom(config, createLogger(config.LOG_LEVEL))) };
}
