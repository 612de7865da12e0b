import type { Server } from 'node:http';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger, type Logger } from './lib/logger';
import { describeEngine, disconnectDatabase } from './lib/db';
import { compose, infrastructureFrom, openDatabase } from './composition';
import { createApp } from './app';
import { startBackgroundWork } from './workers';

export interface RunningServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** Connects, builds the app, listens, starts background work; stops all of it gracefully. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  await openDatabase(config.MONGODB_URI);
  const engine = await describeEngine();
  logger.info(engine, 'database connected');
  const composition = compose(infrastructureFrom(config, logger));
  const app = createApp(composition);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  server.requestTimeout = 120_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  const background = startBackgroundWork(composition);
  logger.info({ url }, 'server listening');

  return {
    url,
    server,
    async stop() {
      await background.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
      await disconnectDatabase();
      logger.info('server stopped');
    }
  };
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  startServer(config, logger).then(
    (running) => {
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1)
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    },
    (err) => {
      logger.fatal({ err }, 'failed to start');
      process.exit(1);
    }
  );
}
