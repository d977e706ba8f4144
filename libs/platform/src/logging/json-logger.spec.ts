import { JsonLogger, redactBsn, setTraceContextProvider } from './json-logger';

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, service, context and trace id', () => {
    const lines: string[] = [];
    setTraceContextProvider(() => ({ trace_id: 'abc' }));
    const logger = new JsonLogger('registration', 'info', (l) => lines.push(l));
    logger.log('started', 'Bootstrap');
    logger.debug('hidden at info level');
    setTraceContextProvider(() => ({}));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', service: 'registration', context: 'Bootstrap', msg: 'started', trace_id: 'abc' });
  });

  it('never writes a nine-digit number (a possible BSN) in clear', () => {
    const lines: string[] = [];
    new JsonLogger('x', 'info', (l) => lines.push(l)).warn('lookup 123456782 failed; order 1234567890 ok');
    expect(lines[0]).not.toContain('123456782');
    expect(lines[0]).toContain('1234567890');
    expect(redactBsn('a 999999990 b')).toBe('a ********* b');
  });
});
