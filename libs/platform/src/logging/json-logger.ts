/**
 * Structured JSON logs, one line per entry. Trace ids are added by the tracing module through
 * `setTraceContextProvider`. Callers never pass BSNs or secrets; `redactBsn` is a last guard
 * for free text (any 9-digit run is masked).
 */
import type { LoggerService, LogLevel } from '@nestjs/common';

const LEVELS: Record<string, number> = { debug: 10, verbose: 10, log: 20, info: 20, warn: 30, error: 40, fatal: 50 };

let traceContextProvider: () => { trace_id?: string; span_id?: string } = () => ({});
export function setTraceContextProvider(p: () => { trace_id?: string; span_id?: string }): void {
  traceContextProvider = p;
}

export function redactBsn(text: string): string {
  return text.replace(/(?<!\d)\d{9}(?!\d)/g, '*********');
}

export class JsonLogger implements LoggerService {
  private readonly min: number;

  constructor(
    private readonly service: string,
    level: string = process.env.LOG_LEVEL ?? 'info',
    private readonly write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  ) {
    this.min = LEVELS[level] ?? 20;
  }

  log(message: unknown, ...rest: unknown[]) { this.emit('info', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.emit('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.emit('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.emit('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.emit('debug', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.emit('fatal', message, rest); }
  setLogLevels(_levels: LogLevel[]) { /* level comes from LOG_LEVEL */ }

  private emit(level: string, message: unknown, rest: unknown[]): void {
    if ((LEVELS[level] ?? 20) < this.min) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      ...traceContextProvider(),
    };
    if (message instanceof Error) {
      entry.msg = redactBsn(message.message);
      entry.err = message.name;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = redactBsn(String(message));
    }
    this.write(JSON.stringify(entry));
  }
}
