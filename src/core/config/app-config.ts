import { plainToInstance } from 'class-transformer';
import { outboundUrlProblem } from '../common/outbound-http';
import { STALLING_STAGES } from '../../shared/stall-rules';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export const ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;

/** A deadline: working days (3wd, at most 60) or, for drills and tests, seconds, minutes or hours (90s, 15m, 4h). */
const DEADLINE_PATTERN = /^([1-9]|[1-5]\d|60)wd$|^[1-9]\d{0,5}[smh]$/;
const deadlineMessage = (name: string, example: string) =>
  `${name} must be working days such as ${example} (at most 60wd), or a duration such as 90s, 15m or 4h`;

const WEIGHTS_PATTERN = /^\s*[a-z]+:\d{1,3}(\s*,\s*[a-z]+:\d{1,3})*\s*$/;
/** The park matching factors (parks/matching/park-scorer.ts); their weights must add up to 100. */
const MATCH_FACTORS = ['cluster', 'chain', 'focus', 'readiness', 'logistics', 'headroom'];
const STALL_PATTERN = /^\s*[a-z_]+:[1-9]\d{0,3}(\s*,\s*[a-z_]+:[1-9]\d{0,3})*\s*$/;
/** The pipeline stages a lead can stall in (on hold, lost and in production never do); see lead-stages.ts. */

/** The environment as the operator writes it; every field is checked before anything starts. */
class EnvironmentVariables {
  @IsInt({ message: 'PORT must be an integer between 1 and 65535 (e.g. 3000)' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535 (e.g. 3000)' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535 (e.g. 3000)' })
  PORT = 3000;

  @Matches(/^(mysql|mariadb):\/\/[^/\s]+\/[A-Za-z0-9_]{1,64}(\?.*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database (database name: letters, digits, _)',
  })
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/zhaoshang';

  @IsOptional()
  @Matches(
    /^(mysql|mariadb):\/\/[^/\s,]+\/[A-Za-z0-9_]{1,64}(\?[^\s,]*)?(\s*,\s*(mysql|mariadb):\/\/[^/\s,]+\/[A-Za-z0-9_]{1,64}(\?[^\s,]*)?)*$/,
    {
      message:
        'DATABASE_REPLICA_URLS must be a comma-separated list of URLs like DATABASE_URL (mysql://user:password@replica:3306/database)',
    },
  )
  DATABASE_REPLICA_URLS?: string;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must look like redis://[:password@]host:6379[/db]' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional()
  @Matches(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, {
    message: 'REDIS_CLUSTER_NODES must be a comma-separated list of host:port (e.g. 10.0.0.1:6379,10.0.0.2:6379)',
  })
  REDIS_CLUSTER_NODES?: string;

  @Matches(/^[A-Za-z0-9_{}-]{1,32}$/, {
    message: 'QUEUE_PREFIX must be 1-32 characters of letters, digits, _, - or a {hashtag} (e.g. zs or {zs})',
  })
  QUEUE_PREFIX = 'zs';

  @IsIn(ROLES, { message: `ROLE must be one of ${ROLES.join(', ')}` })
  ROLE: ProcessRole = 'all';

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters when set' })
  ADMIN_PASSWORD?: string;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')} when set` })
  NODE_ENV?: (typeof NODE_ENVS)[number];

  @IsOptional()
  @IsString()
  @MinLength(32, {
    message: 'JWT_SECRET must be at least 32 characters when set (e.g. the output of `openssl rand -base64 48`)',
  })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*$/, {
    message:
      'CORS_ORIGINS must be a comma-separated list of origins such as https://crm.example.gov.cn,http://localhost:5173',
  })
  CORS_ORIGINS?: string;

  @IsInt({ message: 'REQUEST_TIMEOUT_SECONDS must be an integer between 1 and 600 (e.g. 30)' })
  @Min(1, { message: 'REQUEST_TIMEOUT_SECONDS must be an integer between 1 and 600 (e.g. 30)' })
  @Max(600, { message: 'REQUEST_TIMEOUT_SECONDS must be an integer between 1 and 600 (e.g. 30)' })
  REQUEST_TIMEOUT_SECONDS = 30;

  @IsInt({ message: 'VISIT_OVERLAP_DAYS must be an integer between 1 and 365 (e.g. 30)' })
  @Min(1, { message: 'VISIT_OVERLAP_DAYS must be an integer between 1 and 365 (e.g. 30)' })
  @Max(365, { message: 'VISIT_OVERLAP_DAYS must be an integer between 1 and 365 (e.g. 30)' })
  VISIT_OVERLAP_DAYS = 30;

  @Matches(DEADLINE_PATTERN, { message: deadlineMessage('DISPATCH_ACCEPT_DEADLINE', '1wd') })
  DISPATCH_ACCEPT_DEADLINE = '1wd';

  @Matches(DEADLINE_PATTERN, { message: deadlineMessage('ESCALATION_ANSWER_DEADLINE', '3wd') })
  ESCALATION_ANSWER_DEADLINE = '3wd';

  @Matches(DEADLINE_PATTERN, { message: deadlineMessage('CHAMBER_FEEDBACK_DEADLINE', '5wd') })
  CHAMBER_FEEDBACK_DEADLINE = '5wd';

  /** 甄别确认: how long the unit above has to confirm or send back a claimed signing, start or production. */
  @Matches(DEADLINE_PATTERN, { message: deadlineMessage('SIGNING_CONFIRM_DEADLINE', '5wd') })
  SIGNING_CONFIRM_DEADLINE = '5wd';

  @IsInt({ message: 'LINKAGE_RECONCILE_SECONDS must be an integer between 5 and 3600 (e.g. 60)' })
  @Min(5, { message: 'LINKAGE_RECONCILE_SECONDS must be an integer between 5 and 3600 (e.g. 60)' })
  @Max(3600, { message: 'LINKAGE_RECONCILE_SECONDS must be an integer between 5 and 3600 (e.g. 60)' })
  LINKAGE_RECONCILE_SECONDS = 60;

  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, {
    message: 'SMTP_URL must look like smtp://user:password@smtp.example.gov.cn:587 (or smtps:// for TLS)',
  })
  SMTP_URL?: string;

  @IsOptional()
  @Matches(/^[^\s@<>]+@[^\s@<>]+$|^.+ <[^\s@<>]+@[^\s@<>]+>$/, {
    message: 'SMTP_FROM must be an address such as 招商CRM <crm@example.gov.cn>',
  })
  SMTP_FROM?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, {
    message: 'WECOM_WEBHOOK_URL must be the group robot URL (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...)',
  })
  WECOM_WEBHOOK_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, {
    message: 'DINGTALK_WEBHOOK_URL must be the group robot URL (https://oapi.dingtalk.com/robot/send?access_token=...)',
  })
  DINGTALK_WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: "DINGTALK_SECRET must be the robot's signing secret (SEC...)" })
  DINGTALK_SECRET?: string;

  /** Robots inside the intranet (a gateway, a test double): allows http and private addresses for the robot URLs. */
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE_NETWORK must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_NETWORK = 'false';

  /**
   * Read once, by the migration that moved the stall rules into the database (1796000000006-StallRules); checked
   * here so a wrong value stops the start before that migration. Afterwards the rules are edited in the app.
   */
  @IsOptional()
  @Matches(STALL_PATTERN, {
    message: 'STALL_YELLOW_DAYS must list stage:days pairs such as lead:30,contacted:30,site_visit:21',
  })
  STALL_YELLOW_DAYS?: string;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DIGEST_TIME must be HH:MM in Asia/Shanghai (e.g. 08:30)' })
  DIGEST_TIME = '08:30';

  @IsInt({ message: 'REMINDER_RECONCILE_SECONDS must be an integer between 5 and 3600 (e.g. 60)' })
  @Min(5, { message: 'REMINDER_RECONCILE_SECONDS must be an integer between 5 and 3600 (e.g. 60)' })
  @Max(3600, { message: 'REMINDER_RECONCILE_SECONDS must be an integer between 5 and 3600 (e.g. 60)' })
  REMINDER_RECONCILE_SECONDS = 60;

  @Matches(WEIGHTS_PATTERN, {
    message:
      'MATCH_WEIGHTS must list factor:weight pairs such as cluster:30,chain:25,focus:15,readiness:10,logistics:10,headroom:10',
  })
  MATCH_WEIGHTS = 'cluster:30,chain:25,focus:15,readiness:10,logistics:10,headroom:10';

  @IsInt({ message: 'STARTUP_TIMEOUT_SECONDS must be an integer between 1 and 600 (e.g. 30)' })
  @Min(1, { message: 'STARTUP_TIMEOUT_SECONDS must be an integer between 1 and 600 (e.g. 30)' })
  @Max(600, { message: 'STARTUP_TIMEOUT_SECONDS must be an integer between 1 and 600 (e.g. 30)' })
  STARTUP_TIMEOUT_SECONDS = 30;
}

export interface DatabaseConfig {
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

export interface RedisConfig {
  url: string;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES); empty for a single server. Credentials and TLS come from the URL. */
  clusterNodes: { host: string; port: number }[];
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
}

/** The one typed configuration object the whole process reads. */
export interface AppConfig {
  port: number;
  role: ProcessRole;
  runsApi: boolean;
  runsWorkers: boolean;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: LogLevel;
  adminPassword?: string;
  startupTimeoutSeconds: number;
  /** Signing key for access tokens; when unset, one is generated once and kept in the database. */
  jwtSecret?: string;
  corsOrigins: string[];
  /** A request not answered by then gets 503 (a frozen database gives no error, only waits: docs/architecture.md "Known traps"). */
  requestTimeoutSeconds: number;
  /** Visits of one company by two teams within this many days warn both (issue 5). */
  visitOverlapDays: number;
  /** Linkage deadlines as written (3wd, 90s): parsed by the linkage module's calendar. */
  deadlines: { dispatchAccept: string; escalationAnswer: string; chamberFeedback: string; signingConfirm: string };
  /** How often the worker compares deadlines in the database with the jobs in Redis. */
  linkageReconcileSeconds: number;
  /** How often task reminders are reconciled, and stall warnings computed. */
  reminderReconcileSeconds: number;
  /** When the daily digest goes out, Asia/Shanghai. */
  digestTime: { hour: number; minute: number };
  /** Weights of the park matching factors (cluster, chain, focus, readiness, logistics, headroom), adding up to 100. */
  matchWeights: Record<string, number>;
  /** Outside channels; each is off unless configured. */
  channels: {
    smtpUrl?: string;
    smtpFrom: string;
    wecomWebhookUrl?: string;
    dingtalkWebhookUrl?: string;
    dingtalkSecret?: string;
    allowPrivateNetwork: boolean;
  };
  database: DatabaseConfig;
  /** Read replicas of `database` (DATABASE_REPLICA_URLS); empty: every query goes to the primary. */
  databaseReplicas: DatabaseConfig[];
  redis: RedisConfig;
  queuePrefix: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        'Invalid configuration; fix these environment variables and start again:',
        ...problems.map((p) => `  - ${p}`),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const INTEGER_VARIABLES = [
  'PORT',
  'STARTUP_TIMEOUT_SECONDS',
  'VISIT_OVERLAP_DAYS',
  'REQUEST_TIMEOUT_SECONDS',
  'LINKAGE_RECONCILE_SECONDS',
  'REMINDER_RECONCILE_SECONDS',
] as const;

/** Validates the environment once; throws ConfigError listing every problem at the same time. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    // An empty or blank variable means "use the default", as in most shells' `VAR=` idiom.
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const problems: string[] = [];
  for (const key of INTEGER_VARIABLES) {
    if (raw[key] === undefined) continue;
    const text = String(raw[key]);
    // Number('') and Number('1e3') would slip through; accept plain integers only.
    raw[key] = /^\d+$/.test(text) ? Number(text) : text;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  for (const error of validateSync(vars, { whitelist: false })) {
    // One line per variable: its messages all say the same expected form.
    const [message] = Object.values(error.constraints ?? {});
    if (message) problems.push(`${message} (got ${JSON.stringify(error.value)})`);
  }

  let database: DatabaseConfig | undefined;
  let redis: RedisConfig | undefined;
  let databaseReplicas: DatabaseConfig[] = [];
  if (!problems.some((p) => p.startsWith('DATABASE_URL'))) {
    try {
      database = parseDatabaseUrl(vars.DATABASE_URL);
    } catch (error) {
      problems.push(`DATABASE_URL ${(error as Error).message}`);
    }
  }
  if (vars.DATABASE_REPLICA_URLS && !problems.some((p) => p.startsWith('DATABASE_REPLICA_URLS'))) {
    try {
      databaseReplicas = vars.DATABASE_REPLICA_URLS.split(',').map((url) => parseDatabaseUrl(url.trim()));
    } catch (error) {
      problems.push(`DATABASE_REPLICA_URLS ${(error as Error).message}`);
    }
    // A replica copies the primary's database; another name would read another schema.
    const strangers = databaseReplicas.filter((replica) => database && replica.database !== database.database);
    if (strangers.length > 0)
      problems.push(
        `DATABASE_REPLICA_URLS must name the database of DATABASE_URL (${database?.database}), not ${strangers.map((replica) => replica.database).join(', ')}`,
      );
  }
  if (!problems.some((p) => p.startsWith('REDIS_URL'))) {
    try {
      redis = parseRedisUrl(vars.REDIS_URL);
    } catch (error) {
      problems.push(`REDIS_URL ${(error as Error).message}`);
    }
  }
  if (redis && vars.REDIS_CLUSTER_NODES && !problems.some((p) => p.startsWith('REDIS_CLUSTER_NODES'))) {
    redis.clusterNodes = vars.REDIS_CLUSTER_NODES.split(',').map((node) => {
      const [host, port] = node.trim().split(':');
      return { host, port: Number(port) };
    });
    // A BullMQ queue's keys must share one hash slot: only a {hashtag} prefix puts them there.
    if (!/^\{[^{}]+\}$/.test(vars.QUEUE_PREFIX))
      problems.push(`QUEUE_PREFIX must be a {hashtag} such as {zs} on a Redis Cluster (got ${vars.QUEUE_PREFIX})`);
    if (redis.db !== 0)
      problems.push('REDIS_URL must not name a database index on a Redis Cluster (clusters have only database 0)');
  }
  // Robot URLs are called from inside the government network: https to public addresses only, unless allowed.
  for (const name of ['WECOM_WEBHOOK_URL', 'DINGTALK_WEBHOOK_URL'] as const) {
    const problem =
      vars[name] && !problems.some((p) => p.startsWith(name))
        ? outboundUrlProblem(vars[name], vars.WEBHOOK_ALLOW_PRIVATE_NETWORK === 'true')
        : null;
    if (problem)
      problems.push(`${name} ${problem} (set WEBHOOK_ALLOW_PRIVATE_NETWORK=true for a robot inside the intranet)`);
  }
  if (vars.STALL_YELLOW_DAYS && !problems.some((p) => p.startsWith('STALL_YELLOW_DAYS'))) {
    const unknown = vars.STALL_YELLOW_DAYS.split(',')
      .map((pair) => pair.trim().split(':')[0])
      .filter((stage) => !(STALLING_STAGES as readonly string[]).includes(stage));
    if (unknown.length > 0)
      problems.push(
        `STALL_YELLOW_DAYS names stages that do not stall: ${unknown.join(', ')} (use ${STALLING_STAGES.join(', ')})`,
      );
  }
  let matchWeights: Record<string, number> = {};
  if (!problems.some((p) => p.startsWith('MATCH_WEIGHTS'))) {
    matchWeights = Object.fromEntries(
      vars.MATCH_WEIGHTS.split(',')
        .map((pair) => pair.trim().split(':'))
        .map(([factor, weight]) => [factor, Number(weight)]),
    );
    const total = Object.values(matchWeights).reduce((sum, weight) => sum + weight, 0);
    const names = Object.keys(matchWeights).sort().join(',');
    if (names !== [...MATCH_FACTORS].sort().join(',') || total !== 100) {
      problems.push(
        `MATCH_WEIGHTS must give each of ${MATCH_FACTORS.join(', ')} a weight, adding up to 100 (got ${vars.MATCH_WEIGHTS})`,
      );
    }
  }
  if (problems.length > 0 || !database || !redis) throw new ConfigError(problems);

  const nodeEnv = vars.NODE_ENV ?? 'production';
  return Object.freeze({
    port: vars.PORT,
    role: vars.ROLE,
    runsApi: vars.ROLE !== 'worker',
    runsWorkers: vars.ROLE !== 'api',
    nodeEnv,
    logLevel: vars.LOG_LEVEL,
    adminPassword: vars.ADMIN_PASSWORD,
    startupTimeoutSeconds: vars.STARTUP_TIMEOUT_SECONDS,
    jwtSecret: vars.JWT_SECRET,
    visitOverlapDays: vars.VISIT_OVERLAP_DAYS,
    requestTimeoutSeconds: vars.REQUEST_TIMEOUT_SECONDS,
    deadlines: {
      dispatchAccept: vars.DISPATCH_ACCEPT_DEADLINE,
      escalationAnswer: vars.ESCALATION_ANSWER_DEADLINE,
      chamberFeedback: vars.CHAMBER_FEEDBACK_DEADLINE,
      signingConfirm: vars.SIGNING_CONFIRM_DEADLINE,
    },
    linkageReconcileSeconds: vars.LINKAGE_RECONCILE_SECONDS,
    reminderReconcileSeconds: vars.REMINDER_RECONCILE_SECONDS,
    matchWeights,
    digestTime: { hour: Number(vars.DIGEST_TIME.slice(0, 2)), minute: Number(vars.DIGEST_TIME.slice(3)) },
    channels: {
      smtpUrl: vars.SMTP_URL,
      smtpFrom: vars.SMTP_FROM ?? '招商CRM <noreply@localhost>',
      wecomWebhookUrl: vars.WECOM_WEBHOOK_URL,
      dingtalkWebhookUrl: vars.DINGTALK_WEBHOOK_URL,
      dingtalkSecret: vars.DINGTALK_SECRET,
      allowPrivateNetwork: vars.WEBHOOK_ALLOW_PRIVATE_NETWORK === 'true',
    },
    corsOrigins: vars.CORS_ORIGINS ? vars.CORS_ORIGINS.split(',').map((origin) => origin.trim()) : [],
    database,
    databaseReplicas,
    redis,
    queuePrefix: vars.QUEUE_PREFIX,
  });
}

function parseDatabaseUrl(url: string): DatabaseConfig {
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : 3306;
  if (!parsed.hostname) throw new Error('has no host (expected mysql://user:password@host:3306/database)');
  return {
    url,
    host: parsed.hostname,
    port,
    username: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.replace(/^\//, ''),
  };
}

function parseRedisUrl(url: string): RedisConfig {
  const parsed = new URL(url);
  if (!parsed.hostname) throw new Error('has no host (expected redis://[:password@]host:6379[/db])');
  const dbText = parsed.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText))
    throw new Error('database index must be a number (e.g. redis://host:6379/0)');
  return {
    url,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: dbText === '' ? 0 : Number(dbText),
    tls: parsed.protocol === 'rediss:',
    clusterNodes: [],
  };
}

/** A URL safe to print: the password replaced by ***. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
