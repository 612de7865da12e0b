import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['req.headers.authorization', '*.password', '*.sessionKey', '*.secret'], remove: true },
    // A terminal gets one readable line per entry; anything else (files, collectors) JSON lines.
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss', singleLine: true }
          }
        }
      : {})
  });
}
