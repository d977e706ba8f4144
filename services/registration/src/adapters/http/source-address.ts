/**
 * The client's address for throttling per source: the connection's peer, unless the peer is a
 * trusted proxy (the gateway, the portal: `LOGIN_TRUSTED_PROXIES`), whose forwarded address
 * (the last entry of X-Forwarded-For, the one that proxy appended) is taken instead. A forwarded
 * address from anyone else is ignored, so a client cannot pick its own source.
 */
import { BlockList, isIP } from 'node:net';

/** "::ffff:127.0.0.1" and "127.0.0.1" are one address. */
function plain(address: string): string {
  const a = address.trim();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

export class SourceAddresses {
  private readonly trusted = new BlockList();

  /** `trusted`: addresses or CIDR ranges (IPv4 or IPv6), e.g. "127.0.0.1, ::1, 10.0.0.0/8". */
  constructor(trusted: readonly string[]) {
    for (const entry of trusted.map((t) => t.trim()).filter(Boolean)) {
      const [address, prefix] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (!isIP(address)) throw new Error(`not an IP address or CIDR range: ${entry}`);
      if (prefix === undefined) this.trusted.addAddress(address, type);
      else this.trusted.addSubnet(address, Number(prefix), type);
    }
  }

  private isTrusted(address: string): boolean {
    const v = isIP(address);
    return v !== 0 && this.trusted.check(address, v === 6 ? 'ipv6' : 'ipv4');
  }

  /** The source of a request: `peer` is the socket's remote address, `forwardedFor` the X-Forwarded-For header. */
  sourceOf(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const from = plain(peer ?? '');
    if (!from) return 'unknown';
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    if (!header || !this.isTrusted(from)) return from;
    const last = plain(header.split(',').pop() ?? '');
    return isIP(last) ? last : from;
  }
}
