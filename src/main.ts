import 'reflect-metadata';
import { generateAdminKey } from './auth/secrets';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { createApp, type App } from './server';
import { stopOnSignals } from './shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, logger);
  const adminKey = config.ADMIN_API_KEY ?? generateAdminKey();
  let app: App | undefined;
  let address: string;
  try {
    app = await createApp({ config, database, logger, adminKey });
    address = await app.listen(config.PORT, config.HOST);
  } catch (error) {
    // the embedded database must not outlive a server that failed to start (a port in use, say)
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
  const server = app;
  printBanner(address, database.description, config.ADMIN_API_KEY ? null : adminKey);

  stopOnSignals(logger, [
    { name: 'closing the server', run: () => server.close() },
    { name: 'closing the database', run: () => database.close() },
  ]);
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
