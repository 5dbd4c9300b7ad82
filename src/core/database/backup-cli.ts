import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config/app-config';
import { createBackup, restoreBackup } from './backup';
import { tableCount } from './database-server';

/** A mistake in how the command was called: its message is the whole answer. */
class UsageError extends Error {}

/**
 * npm run backup [-- --dir=backups]: a gzipped dump of DATABASE_URL's database in `dir`.
 * npm run restore -- --file=backups/zhaoshang-….sql.gz [--yes]: loads it into DATABASE_URL's database; --yes is
 * required when that database has tables, since they are replaced.
 */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const options = Object.fromEntries(
    rest.map((arg) => arg.replace(/^--/, '').split('=')).map(([key, value]) => [key, value ?? 'true']),
  );
  const { database } = loadConfig();
  if (command === 'backup') {
    const file = await createBackup(database, resolve(options.dir ?? 'backups'));
    process.stdout.write(
      `backup of ${database.database} written to ${file} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MB)\n`,
    );
    return;
  }
  if (command === 'restore') {
    if (!options.file) throw new UsageError('Name the backup: npm run restore -- --file=backups/zhaoshang-….sql.gz');
    const tables = await tableCount(database);
    if (tables > 0 && options.yes !== 'true') {
      throw new UsageError(
        `${database.database} has ${tables} tables, which the restore would replace; add --yes to go on, or set DATABASE_URL to an empty database`,
      );
    }
    await restoreBackup(resolve(options.file), database);
    process.stdout.write(
      `${options.file} restored into ${database.database}; start the app to run any newer migrations\n`,
    );
    return;
  }
  throw new UsageError('Usage: backup-cli backup [--dir=backups] | restore --file=… [--yes]');
}

main().catch((error: Error) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof UsageError ? error.message : (error.stack ?? error.message)}\n`,
  );
  process.exitCode = 1;
});
