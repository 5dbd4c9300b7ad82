import pino, { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/**
 * The process's one pino logger: JSON lines in production, readable lines in development.
 * Secrets and personal data never reach the log: auth headers, cookies and passwords are redacted.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'zhaoshang' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
    transport:
      config.nodeEnv === 'development'
        ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', singleLine: true } }
        : undefined,
  });
}
