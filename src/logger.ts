import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'crisis-reputation-api' },
    // belt and braces: keys must never reach a log line, whatever object is logged
    redact: { paths: ['authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'secret', '*.secret'], censor: '[redacted]' },
  });
}
