import { ConfigError, loadConfig, maskUrl } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      role: 'all',
      runsApi: true,
      runsWorkers: true,
      queuePrefix: 'zs',
      logLevel: 'info',
      nodeEnv: 'production',
      startupTimeoutSeconds: 30,
      corsOrigins: [],
      visitOverlapDays: 30,
      requestTimeoutSeconds: 30,
      deadlines: { dispatchAccept: '1wd', escalationAnswer: '3wd', chamberFeedback: '5wd', signingConfirm: '5wd' },
      linkageReconcileSeconds: 60,
      database: { host: '127.0.0.1', port: 3306, username: 'root', password: '', database: 'zhaoshang' },
      redis: { host: '127.0.0.1', port: 6379, db: 0, tls: false },
    });
    expect(config.adminPassword).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'mysql://crm:p%40ss@db.internal:3307/crm_prod',
      REDIS_URL: 'rediss://:secret@cache:6380/2',
      QUEUE_PREFIX: '{zs}',
      ROLE: 'worker',
      ADMIN_PASSWORD: 'a-long-password',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'development',
      JWT_SECRET: 'x'.repeat(40),
      CORS_ORIGINS: 'https://crm.gxzf.gov.cn, http://localhost:5173',
    });
    expect(config.corsOrigins).toEqual(['https://crm.gxzf.gov.cn', 'http://localhost:5173']);
    expect(config.jwtSecret).toHaveLength(40);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS must be a comma-separated list/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32/);
    expect(config).toMatchObject({
      port: 8080,
      role: 'worker',
      runsApi: false,
      runsWorkers: true,
      queuePrefix: '{zs}',
      adminPassword: 'a-long-password',
      nodeEnv: 'development',
      database: { host: 'db.internal', port: 3307, username: 'crm', password: 'p@ss', database: 'crm_prod' },
      redis: { host: 'cache', port: 6380, password: 'secret', db: 2, tls: true },
    });
    expect(loadConfig({ ROLE: 'api' })).toMatchObject({ runsApi: true, runsWorkers: false });
  });

  it('lists every bad variable in one error, with the expected form', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'postgres://x/y',
        ROLE: 'both',
        LOG_LEVEL: 'loud',
        ADMIN_PASSWORD: 'short',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect((caught as ConfigError).problems).toHaveLength(5);
    expect(problems).toMatch(/PORT must be an integer between 1 and 65535/);
    expect(problems).toMatch(/DATABASE_URL must look like mysql:\/\/user:password@host:3306\/database/);
    expect(problems).toMatch(/ROLE must be one of all, api, worker/);
    expect(problems).toMatch(/LOG_LEVEL must be one of/);
    expect(problems).toMatch(/ADMIN_PASSWORD must be at least 10 characters/);
    expect((caught as ConfigError).message).toMatch(/^Invalid configuration/);
  });

  it('reads linkage deadlines as working days or plain durations, and nothing else', () => {
    expect(
      loadConfig({
        DISPATCH_ACCEPT_DEADLINE: '2wd',
        ESCALATION_ANSWER_DEADLINE: '90s',
        CHAMBER_FEEDBACK_DEADLINE: '60wd',
        SIGNING_CONFIRM_DEADLINE: '2wd',
        LINKAGE_RECONCILE_SECONDS: '5',
      }),
    ).toMatchObject({
      deadlines: { dispatchAccept: '2wd', escalationAnswer: '90s', chamberFeedback: '60wd', signingConfirm: '2wd' },
      linkageReconcileSeconds: 5,
    });
    for (const bad of ['1', '0wd', '61wd', '2d', '1.5wd', 'soon']) {
      expect(() => loadConfig({ DISPATCH_ACCEPT_DEADLINE: bad })).toThrow(
        /DISPATCH_ACCEPT_DEADLINE must be working days such as 1wd/,
      );
    }
    expect(() => loadConfig({ LINKAGE_RECONCILE_SECONDS: '1' })).toThrow(
      /LINKAGE_RECONCILE_SECONDS must be an integer between 5 and 3600/,
    );
    expect(() => loadConfig({ STALL_YELLOW_DAYS: 'lead:10, signed:45' })).not.toThrow();
    expect(() => loadConfig({ STALL_YELLOW_DAYS: 'lead:0' })).toThrow(/STALL_YELLOW_DAYS must list/);
    expect(() => loadConfig({ STALL_YELLOW_DAYS: 'lost:10' })).toThrow(/do not stall: lost/);
    expect(() => loadConfig({ DIGEST_TIME: '8:30' })).toThrow(/DIGEST_TIME must be HH:MM/);
    expect(loadConfig({}).matchWeights).toEqual({
      cluster: 30,
      chain: 25,
      focus: 15,
      readiness: 10,
      logistics: 10,
      headroom: 10,
    });
    expect(() => loadConfig({ MATCH_WEIGHTS: 'cluster:50,chain:50' })).toThrow(/MATCH_WEIGHTS must give each of/);
    expect(() =>
      loadConfig({ MATCH_WEIGHTS: 'cluster:31,chain:25,focus:15,readiness:10,logistics:10,headroom:10' }),
    ).toThrow(/adding up to 100/);
  });

  it.each([['0'], ['65536'], ['3.5'], ['1e3'], [' ']])('rejects PORT=%j', (port) => {
    if (port.trim() === '') {
      expect(loadConfig({ PORT: port }).port).toBe(3000);
      return;
    }
    expect(() => loadConfig({ PORT: port })).toThrow(/PORT must be an integer/);
  });

  it('reads replica URLs of the same database, and none by default', () => {
    expect(loadConfig({}).databaseReplicas).toEqual([]);
    const config = loadConfig({
      DATABASE_URL: 'mysql://crm@primary:3306/crm_prod',
      DATABASE_REPLICA_URLS: 'mysql://reader:r%40d@replica-1:3306/crm_prod, mariadb://replica-2:3307/crm_prod',
    });
    expect(config.databaseReplicas).toMatchObject([
      { host: 'replica-1', port: 3306, username: 'reader', password: 'r@d', database: 'crm_prod' },
      { host: 'replica-2', port: 3307, username: 'root', password: '', database: 'crm_prod' },
    ]);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'replica-1:3306' })).toThrow(
      /DATABASE_REPLICA_URLS must be a comma-separated list/,
    );
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'mysql://replica-1/other' })).toThrow(
      /DATABASE_REPLICA_URLS must name the database of DATABASE_URL \(zhaoshang\), not other/,
    );
  });

  it('reads Redis Cluster seed nodes, which need a {hashtag} queue prefix and database 0', () => {
    expect(loadConfig({}).redis.clusterNodes).toEqual([]);
    const config = loadConfig({
      REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001',
      QUEUE_PREFIX: '{zs}',
      REDIS_URL: 'redis://:pw@10.0.0.1:7000',
    });
    expect(config.redis).toMatchObject({
      password: 'pw',
      clusterNodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b', port: 7001 },
      ],
    });
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toThrow(
      /REDIS_CLUSTER_NODES must be a comma-separated list of host:port/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000' })).toThrow(
      /QUEUE_PREFIX must be a \{hashtag\} such as \{zs\} on a Redis Cluster \(got zs\)/,
    );
    expect(() =>
      loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', QUEUE_PREFIX: '{zs}', REDIS_URL: 'redis://10.0.0.1:7000/2' }),
    ).toThrow(/must not name a database index on a Redis Cluster/);
  });

  it('rejects a Redis URL with a non-numeric database and a queue prefix with a colon', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://localhost:6379/cache' })).toThrow(/REDIS_URL database index/);
    expect(() => loadConfig({ QUEUE_PREFIX: 'zs:prod' })).toThrow(/QUEUE_PREFIX must be/);
  });

  it('refuses robot URLs that are not https to a public host, unless the private network is allowed', () => {
    expect(() => loadConfig({ WECOM_WEBHOOK_URL: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' })).toThrow(
      /WECOM_WEBHOOK_URL must be https/,
    );
    expect(() => loadConfig({ DINGTALK_WEBHOOK_URL: 'https://192.168.1.10/robot/send' })).toThrow(
      /DINGTALK_WEBHOOK_URL must not point at a private or loopback address/,
    );
    expect(
      loadConfig({ WECOM_WEBHOOK_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }).channels
        .allowPrivateNetwork,
    ).toBe(false);
    expect(
      loadConfig({ WECOM_WEBHOOK_URL: 'http://10.0.0.5/robot', WEBHOOK_ALLOW_PRIVATE_NETWORK: 'true' }).channels,
    ).toMatchObject({ allowPrivateNetwork: true });
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORK: 'yes' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_NETWORK must be true or false/,
    );
  });
});

describe('maskUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(maskUrl('mysql://root:secret@db:3306/zhaoshang')).toBe('mysql://root:***@db:3306/zhaoshang');
    expect(maskUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
