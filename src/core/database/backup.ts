import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { DatabaseConfig } from '../config/app-config';
import { createDatabaseIfMissing } from './database-server';

/** What every complete mysqldump / mariadb-dump ends with; a dump cut short lacks it. */
const DUMP_TRAILER = '-- Dump completed';

/** The first of these the machine has: MariaDB's own names first, then MySQL's. */
function clientTool(names: string[]): string {
  const found = names.find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
  if (!found) throw new Error(`None of ${names.join(', ')} is installed (Debian: apt-get install -y mariadb-client)`);
  return found;
}

/** Connection arguments for the command-line clients; the password goes in MYSQL_PWD, never on the command line. */
function clientArgs(database: DatabaseConfig): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: [
      '--host',
      database.host,
      '--port',
      String(database.port),
      '--user',
      database.username,
      '--default-character-set=utf8mb4',
    ],
    env: { ...process.env, MYSQL_PWD: database.password },
  };
}

/** `zhaoshang-<database>-20261127T184400Z.sql.gz`: sorts by time, says which database. */
export function backupFileName(databaseName: string, at = new Date()): string {
  return `zhaoshang-${databaseName}-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.sql.gz`;
}

/**
 * Dumps the whole database (schema, data, the migrations table) into a gzipped SQL file in `directory` and returns
 * its path. One consistent snapshot (--single-transaction: InnoDB, no table locks, the app keeps running); rows are
 * streamed (--quick), never held in memory. The file appears under its final name only once the dump completed.
 */
export async function createBackup(database: DatabaseConfig, directory: string): Promise<string> {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, backupFileName(database.database));
  const partial = `${file}.partial`;
  const { args, env } = clientArgs(database);
  const dump = spawn(
    clientTool(['mariadb-dump', 'mysqldump']),
    [
      ...args,
      '--single-transaction',
      '--quick',
      '--routines',
      '--triggers',
      '--hex-blob',
      '--no-tablespaces',
      database.database,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  dump.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The last bytes, to check the trailer without keeping the dump.
  let tail = '';
  dump.stdout.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('latin1')).slice(-200)));
  const exited = new Promise<number | null>((resolve) => dump.on('close', resolve));
  try {
    await pipeline(dump.stdout, createGzip(), createWriteStream(partial));
    const code = await exited;
    if (code !== 0) throw new Error(`The dump failed (exit ${code}): ${stderr.trim()}`);
    if (!tail.includes(DUMP_TRAILER))
      throw new Error('The dump ended without its completion line; the file would be incomplete');
    renameSync(partial, file);
    return file;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Loads a backup made by createBackup into `database`, created (utf8mb4) if missing. The dump drops and recreates
 * each of its tables, so restoring over a database replaces them: the caller confirms that when it has tables.
 * Runs as one client session that stops at the first error.
 */
export async function restoreBackup(file: string, database: DatabaseConfig): Promise<void> {
  await createDatabaseIfMissing(database);
  const { args, env } = clientArgs(database);
  const client = spawn(clientTool(['mariadb', 'mysql']), [...args, database.database], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  client.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => client.on('close', resolve));
  // A client that stops at an error closes its input; the exit code below says why, not the broken pipe.
  await pipeline(createReadStream(file), createGunzip(), client.stdin).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const code = await exited;
  if (code !== 0) throw new Error(`The restore failed (exit ${code}): ${stderr.trim()}`);
}
