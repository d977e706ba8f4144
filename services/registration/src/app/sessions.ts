/**
 * Login sessions (ADR 0017): a session is one login token. Registration announces a login
 * (SignedIn) and a logout (SignedOut) on the sessions topic; every service that accepts tokens
 * follows it and refuses a signed-out token within seconds. No BSNs, names or addresses travel.
 */
import type { registration } from '@inkijk/contracts';
import type { Clock, Ids } from './ports';

/** Where session events go (the sessions topic: Kafka acknowledged, acks=all). */
export interface SessionAnnouncer {
  send(event: registration.SessionEvent): Promise<unknown>;
}

/** The token a session is. */
export interface SessionToken {
  userId: string;
  homeMunicipalityId: string;
  tokenId: string;
  /** When the token expires (ms). */
  expiresAt: number;
}

export type SignOutScope = registration.SignOutScope;

export class Sessions {
  constructor(
    private readonly announcer: SessionAnnouncer,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** A login token was issued. Information only (issue 18 logs logins): the token is valid without it. */
  signedIn(t: SessionToken): Promise<registration.SessionEvent> {
    return this.announce(t, { 'nl.inkijk.registration.SignedIn': {} });
  }

  /**
   * The holder signs out: this session, or every session of the user (every token issued before
   * now). Resolves once the broker acknowledged the event, so the logout's answer means that
   * every service will refuse the token within seconds.
   */
  signOut(t: SessionToken, scope: SignOutScope): Promise<registration.SessionEvent> {
    return this.announce(t, { 'nl.inkijk.registration.SignedOut': { scope } });
  }

  private async announce(t: SessionToken, change: registration.SessionEvent['change']): Promise<registration.SessionEvent> {
    const event: registration.SessionEvent = {
      eventId: this.ids.next(),
      occurredAt: this.clock.now().getTime(),
      userId: t.userId,
      homeMunicipalityId: t.homeMunicipalityId,
      tokenId: t.tokenId,
      tokenExpiresAt: t.expiresAt,
      change,
    };
    await this.announcer.send(event);
    return event;
  }
}
