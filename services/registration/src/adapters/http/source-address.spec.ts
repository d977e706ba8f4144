import { SourceAddresses } from './source-address';

describe('the source address of a login', () => {
  const s = new SourceAddresses(['127.0.0.1', '::1', '10.1.0.0/16']);

  it('takes the address a trusted proxy forwarded (its own, last entry)', () => {
    expect(s.sourceOf('::ffff:127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(s.sourceOf('10.1.4.2', '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(s.sourceOf('::1', '2001:db8::7')).toBe('2001:db8::7');
  });

  it('ignores a forwarded address from anyone else, and one that is not an address', () => {
    expect(s.sourceOf('192.0.2.44', '203.0.113.9')).toBe('192.0.2.44');
    expect(s.sourceOf('10.2.0.1', '203.0.113.9')).toBe('10.2.0.1');
    expect(s.sourceOf('127.0.0.1', 'evil')).toBe('127.0.0.1');
    expect(s.sourceOf('127.0.0.1', undefined)).toBe('127.0.0.1');
    expect(new SourceAddresses([]).sourceOf('127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('refuses a configuration entry that is not an address', () => {
    expect(() => new SourceAddresses(['gateway'])).toThrow('not an IP address');
  });
});
