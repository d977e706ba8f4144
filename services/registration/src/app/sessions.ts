/**
 * Login sessions (ADR 0017): a session is one login token. Registration announces a login
 * (SignedIn) and a logout (SignedOut) on the sessions topic; every service that accepts tokens
 * follows it and refuses a signed-out token within seconds. No BSNs, names or addresses travel.
 */
import type { registration } from '@inkijk/contracts';
import { actorOf, ActivityLog, ownChain, refused, RecordingStores, succeeded, What } from './activity';
import type { Actor, Clock, Ids } from './ports';

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
    /** Records logouts as actions (ADR 0018), through the outbox; optional in tests. */
    private readonly activity?: ActivityLog<RecordingStores>,
    private readonly afterCommit: () => void = () => undefined,
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

  /**
   * A logout as an action (LOGOUT on the session), recorded before the answer: SUCCEEDED once the
   * sign-out is on the sessions topic, FAILED with the code the caller got when it is not.
   */
  async recordLogout(actor: Actor, tokenId: string, scope: SignOutScope, failure: string | null = null): Promise<void> {
    if (!this.activity) return;
    const who = actorOf(actor);
    const what: What = { action: 'LOGOUT', object: { type: 'SESSION', id: tokenId }, details: { scope } };
    await this.activity.record(async (s) => {
      const chain = await ownChain(s, who);
      return failure ? { ...refused(who, chain, what, failure), outcome: 'FAILED' } : succeeded(who, chain, what);
    });
    this.afterCommit();
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
