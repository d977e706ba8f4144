/** The audit log's citizen view, called with the citizen's own session token. */
import { ApiError } from '@inkijk/platform';
import type { CitizenLookup } from '../domain/lookups';

export class AuditLogClient {
  constructor(private readonly baseUrl: string) {}

  async lookups(citizenToken: string, pseudonym: string): Promise<{ lookups: CitizenLookup[]; complete: boolean }> {
    const r = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/audit/citizen/records`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${citizenToken}` },
      body: JSON.stringify({ pseudonym }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (!r) throw new ApiError(503, 'AUDIT_LOG_UNAVAILABLE', 'Het overzicht is nu niet beschikbaar; probeer het later opnieuw.');
    if (r.status === 401) throw new ApiError(401, 'SESSION_EXPIRED', 'Uw sessie is verlopen; log opnieuw in met DigiD.');
    if (!r.ok) throw new ApiError(503, 'AUDIT_LOG_UNAVAILABLE', 'Het overzicht is nu niet beschikbaar; probeer het later opnieuw.');
    return (await r.json()) as { lookups: CitizenLookup[]; complete: boolean };
  }
}
