/** The audit log's citizen view, called with the citizen's own session token. */
import { Refusal } from '@inkijk/contracts';
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
    if (!r) throw new Refusal('UNAVAILABLE', 'AUDIT_LOG_UNAVAILABLE', 'Het overzicht is nu niet beschikbaar; probeer het later opnieuw.');
    if (r.status === 401) throw new Refusal('UNAUTHENTICATED', 'SESSION_EXPIRED', 'Uw sessie is verlopen; log opnieuw in met DigiD.');
    if (!r.ok) throw new Refusal('UNAVAILABLE', 'AUDIT_LOG_UNAVAILABLE', 'Het overzicht is nu niet beschikbaar; probeer het later opnieuw.');
    return (await r.json()) as { lookups: CitizenLookup[]; complete: boolean };
  }

  /** Whether the citizen asked to be told of new queries; null when the audit log cannot say now. */
  async subscription(citizenToken: string): Promise<{ subscribed: boolean } | null> {
    const r = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/audit/citizen/subscription`, {
      headers: { Authorization: `Bearer ${citizenToken}` },
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (!r?.ok) return null;
    return (await r.json()) as { subscribed: boolean };
  }

  /** Subscribes or unsubscribes the citizen (the audit log records it as their action). */
  async setSubscription(citizenToken: string, subscribed: boolean): Promise<{ subscribed: boolean }> {
    const r = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/audit/citizen/subscription`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${citizenToken}` },
      body: JSON.stringify({ subscribed }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (!r) throw new Refusal('UNAVAILABLE', 'AUDIT_LOG_UNAVAILABLE', 'Uw keuze kon nu niet worden opgeslagen; probeer het later opnieuw.');
    if (r.status === 401) throw new Refusal('UNAUTHENTICATED', 'SESSION_EXPIRED', 'Uw sessie is verlopen; log opnieuw in met DigiD.');
    if (!r.ok) throw new Refusal('UNAVAILABLE', 'AUDIT_LOG_UNAVAILABLE', 'Uw keuze kon nu niet worden opgeslagen; probeer het later opnieuw.');
    return (await r.json()) as { subscribed: boolean };
  }
}
