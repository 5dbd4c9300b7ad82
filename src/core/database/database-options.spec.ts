import type { DatabaseConfig } from '../config/app-config';
import { buildDataSourceOptions } from './database-options';

const server = (host: string): DatabaseConfig => ({
  url: `mysql://root@${host}:3306/zhaoshang`,
  host,
  port: 3306,
  username: 'root',
  password: '',
  database: 'zhaoshang',
});

describe('buildDataSourceOptions', () => {
  it('connects to the one server when there are no replicas', () => {
    const options = buildDataSourceOptions(server('primary'), 'mariadb') as unknown as Record<string, unknown>;
    expect(options).toMatchObject({
      type: 'mariadb',
      host: 'primary',
      database: 'zhaoshang',
      extra: { connectionLimit: 20, queueLimit: 500 },
    });
    expect(options.replication).toBeUndefined();
  });

  it('keeps every query on the primary unless it asks for a replica, and lets a failed server come back', () => {
    const options = buildDataSourceOptions(server('primary'), 'mariadb', [
      server('replica-1'),
      server('replica-2'),
    ]) as unknown as Record<string, any>;
    expect(options.host).toBeUndefined();
    expect(options.replication).toEqual({
      master: { host: 'primary', port: 3306, username: 'root', password: '', database: 'zhaoshang' },
      slaves: [expect.objectContaining({ host: 'replica-1' }), expect.objectContaining({ host: 'replica-2' })],
      defaultMode: 'master',
      restoreNodeTimeout: 5_000,
    });
    // The same pool settings apply to each server's pool.
    expect(options.extra).toMatchObject({ connectionLimit: 20, queueLimit: 500 });
  });
});
