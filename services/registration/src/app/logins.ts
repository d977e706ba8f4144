/**
 * The one login with its protections (ADR 0015): the password, the second factor (TOTP) where
 * the account has one or its roles require one, throttling per source address and per account,
 * and the lockout after N failures in a row, which the holder (with both factors) and the user
 * administrator lift. Also the enrolment of the second factor and what the holder and the
 * administrator see of it all.
 *
 * | action                                      | who                                                 |
 * | ------------------------------------------- | --------------------------------------------------- |
 * | log in                                      | anyone (refusals never tell whether a name exists)  |
 * | enrol a second factor                       | the holder: with a login token, or with the         |
 * |                                             |   enrolment token a password login gives an account |
 * |                                             |   whose roles require a second factor it lacks      |
 * | see own failed attempts, lockouts, factor   | the holder                                          |
 * | see and lift a lockout; reset a second      | whoever manages the account (access.ts:             |
 * |   factor                                    |   requireUserManager); a reset never of one's own   |
 */
import { refuse } from '../domain/errors';
import { accountThrottle, afterFailure, decideLogin, failureAnswer, holderMayLift, isLocked, LoginPolicy, LoginThrottled, secondFactorRequired, SourceThrottle } from '../domain/login-security';
import { checkTotp, newTotpSecret, otpauthUri, TOTP_ALGORITHM, TOTP_DIGITS, TOTP_PERIOD_SECONDS, TotpCheck, totpCode, totpSecret } from '../domain/second-factor';
import type { Role } from '../domain/users';
import { requireUserManager } from './access';
import { accountActor, ActivityLog, operatorChain, refused, succeeded, What } from './activity';
import type { LoginSecrets } from './login-secrets';
import type { Actor, Clock, LoginEvent, LoginEventKind, LoginStores, LoginUnitOfWork, SecondFactorRecord, UserRecord } from './ports';
import { DUMMY_HASH, passwordMatches } from './users';

export interface LoginPrincipal {
  userId: string;
  homeMunicipalityId: string;
  roles: Role[];
  displayName: string;
}

export type LoginResult = { kind: 'SIGNED_IN'; principal: LoginPrincipal } | { kind: 'ENROLMENT_REQUIRED'; principal: LoginPrincipal };

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  issuer: string;
  account: string;
  algorithm: string;
  digits: number;
  period: number;
  /** Until when the secret waits for its first code. */
  expiresAt: string;
}

export interface LoginSecurityView {
  userId: string;
  username: string;
  secondFactor: { enrolled: boolean; enrolledAt: string | null; required: boolean };
  lockout: { locked: boolean; lockedAt: string | null; failuresInARow: number; lastFailureAt: string | null; holderMayLift: boolean };
  /** Newest first. */
  events: Array<{ kind: LoginEventKind; occurredAt: string; sourceAddress: string | null; actorId: string | null }>;
}

/** A secret handed out for enrolment waits this long for its first code. */
const PENDING_MS = 15 * 60_000;
const ISSUER = 'Suwinet-Inkijk';
const EVENTS_SHOWN = 50;

const MESSAGES: Record<string, string> = {
  INVALID_CREDENTIALS: 'Username or password is not correct.',
  ACCOUNT_LOCKED: 'This account is locked after too many failed login attempts. Log in with your password and a code from your authenticator app to lift the lockout, or ask your user administrator.',
  SECOND_FACTOR_REQUIRED: 'This account logs in with a second factor: also send the current code from your authenticator app (field "code").',
  INVALID_CODE: 'The code from the authenticator app is not correct.',
  CODE_ALREADY_USED: 'This code has been used already: wait for the next code of your authenticator app.',
  ACCOUNT_DEACTIVATED: 'This account has been deactivated; ask your user administrator.',
};

const principalOf = (u: UserRecord): LoginPrincipal => ({ userId: u.id, homeMunicipalityId: u.homeMunicipalityId, roles: u.roles, displayName: u.displayName });
const normalisedName = (name: string) => name.trim().toLowerCase();

/**
 * A login attempt as an action (ADR 0018): the account under the name is the actor and its home
 * the chain; under a name without an account nobody known, in the operator's chain. The name
 * itself is never recorded; the source address is.
 */
async function recordLogin(s: LoginStores, u: UserRecord | null, source: string, what: What, reasonCode: string | null = null): Promise<void> {
  const actor = accountActor(u);
  const chain = u ? u.homeMunicipalityId : await operatorChain(s);
  const w: What = { ...what, details: { sourceAddress: source.slice(0, 100), ...what.details } };
  await s.record(reasonCode ? refused(actor, chain, w, reasonCode) : succeeded(actor, chain, w));
}

const onAccount = (u: UserRecord | null): What['object'] => ({ type: 'USER', id: u?.id ?? null });

export class Logins {
  private readonly activity: ActivityLog<LoginStores>;

  constructor(
    private readonly uow: LoginUnitOfWork,
    private readonly clock: Clock,
    private readonly secrets: LoginSecrets,
    private readonly policy: LoginPolicy,
    private readonly sources: SourceThrottle,
    /** Called after a transaction that recorded actions committed (the outbox relay's nudge). */
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.activity = new ActivityLog(uow);
  }

  /**
   * The one login. `source` is the client's address (a trusted proxy's forwarded one). Throws
   * LoginThrottled (429) or a refusal; the failure is counted before the refusal is thrown.
   * `tokenId`: the session id the login token will carry. Every attempt is recorded as an action
   * (LOGIN, LOGIN_SECOND_FACTOR, ACCOUNT_LOCKED, LOCKOUT_LIFTED) in the attempt's transaction.
   */
  async login(input: { username: string; password: string; code?: string | null; source: string; tokenId: string }): Promise<LoginResult> {
    try {
      return await this.attemptLogin(input);
    } finally {
      this.afterCommit();
    }
  }

  private async attemptLogin(input: { username: string; password: string; code?: string | null; source: string; tokenId: string }): Promise<LoginResult> {
    const now = this.clock.now();
    const typed = input.code?.trim() ? totpCode(input.code) : null;
    const name = normalisedName(input.username);
    const place = this.sources.begin(input.source, now.getTime());
    if (!place.allowed) {
      await this.uow.run(async (s) => {
        const held = await s.users.byUsername(name);
        await recordLogin(s, held, input.source, { action: 'LOGIN', object: onAccount(held), details: { throttled: 'SOURCE' } }, 'TOO_MANY_ATTEMPTS');
      });
      throw new LoginThrottled(place.retryAfterSeconds);
    }

    const outcome = await this.uow.run(async (s): Promise<{ result: LoginResult } | { refused: string } | { throttled: number }> => {
      const key = this.secrets.nameKey(name);
      await s.login.serialise(key);
      const counter = await s.login.counter(key);
      const wait = accountThrottle(counter, now, this.policy);
      if (!wait.allowed) {
        const held = await s.users.byUsername(name);
        await recordLogin(s, held, input.source, { action: 'LOGIN', object: onAccount(held), details: { throttled: 'ACCOUNT' } }, 'TOO_MANY_ATTEMPTS');
        return { throttled: wait.retryAfterSeconds };
      }

      // The password is always checked (a stand-in hash for unknown names): the same work and time.
      const u = await s.users.byUsername(name);
      const passwordOk = (await passwordMatches(input.password, u?.passwordHash ?? DUMMY_HASH)) && !!u;
      const factor = u && passwordOk ? await s.login.secondFactor(u.id) : null;
      const enrolled = !!factor?.secret;
      const check: TotpCheck | null = enrolled && typed ? checkTotp(this.secrets.open(factor!.secret!, u!.id), typed, now, factor!.lastUsedStep) : null;
      const decision = decideLogin(
        {
          passwordOk,
          active: u?.active ?? false,
          enrolled,
          secondFactorRequired: !!u && secondFactorRequired(u.roles, this.policy),
          code: !check ? 'NONE' : check.ok ? 'RIGHT' : check.reason,
          counter,
        },
        this.policy,
      );
      const event = (kind: LoginEventKind) => s.login.addEvent({ userId: u!.id, kind, occurredAt: now, sourceAddress: input.source, actorId: null });

      switch (decision.kind) {
        case 'FAILED': {
          const { counter: next, lockedNow } = afterFailure(counter, now, this.policy);
          await s.login.saveCounter(key, next);
          if (u) {
            await event(decision.failure);
            if (lockedNow) await event('LOCKED');
          }
          const answer = failureAnswer(decision.failure, isLocked(next));
          await recordLogin(s, u, input.source, { action: decision.failure === 'FAILED_PASSWORD' ? 'LOGIN' : 'LOGIN_SECOND_FACTOR', object: onAccount(u) }, answer);
          if (lockedNow) await recordLogin(s, u, input.source, { action: 'ACCOUNT_LOCKED', object: onAccount(u), details: { failuresInARow: next.failures } });
          return { refused: answer };
        }
        case 'REFUSED':
          await recordLogin(s, u, input.source, { action: 'LOGIN', object: onAccount(u) }, decision.code);
          return { refused: decision.code };
        case 'ENROLMENT_REQUIRED':
          // Not signed in yet: the login is recorded when the enrolment is confirmed (confirmEnrolment).
          if (counter) await s.login.clearCounter(key);
          return { result: { kind: 'ENROLMENT_REQUIRED', principal: principalOf(u!) } };
        case 'SIGNED_IN':
          if (check?.ok) await s.login.saveSecondFactor({ ...factor!, lastUsedStep: check.step });
          if (decision.liftsLockout) await event('LIFTED_BY_HOLDER');
          if (counter) await s.login.clearCounter(key);
          if (check?.ok) await recordLogin(s, u, input.source, { action: 'LOGIN_SECOND_FACTOR', object: onAccount(u) });
          if (decision.liftsLockout) await recordLogin(s, u, input.source, { action: 'LOCKOUT_LIFTED', object: onAccount(u), details: { by: 'HOLDER' } });
          await recordLogin(s, u, input.source, { action: 'LOGIN', object: { type: 'SESSION', id: input.tokenId } });
          return { result: { kind: 'SIGNED_IN', principal: principalOf(u!) } };
      }
    });

    if ('throttled' in outcome) throw new LoginThrottled(outcome.throttled);
    if ('refused' in outcome) {
      // A password answered by "now the code" is no failure of this source.
      if (outcome.refused === 'SECOND_FACTOR_REQUIRED') this.sources.succeeded(input.source, place.ticket!);
      refuse(outcome.refused === 'ACCOUNT_DEACTIVATED' ? 'FORBIDDEN' : 'UNAUTHENTICATED', outcome.refused, MESSAGES[outcome.refused]);
    }
    this.sources.succeeded(input.source, place.ticket!);
    return (outcome as { result: LoginResult }).result;
  }

  /**
   * Hands the holder a secret for their authenticator app (the same one again while it waits for
   * its first code). `offered`: a secret from outside (a hardware token's seed; the demo's
   * published secrets), at least 160 bits.
   */
  async startEnrolment(userId: string, offered?: string | null): Promise<Enrolment> {
    const now = this.clock.now();
    const wanted = offered ? totpSecret(offered) : null;
    return this.uow.run(async (s) => {
      const u = await this.activeAccount(s, userId);
      const f = await s.login.secondFactor(u.id);
      if (f?.secret) refuse('CONFLICT', 'SECOND_FACTOR_ENROLLED', 'This account has a second factor already; to replace it, ask your user administrator to reset it.');
      const waiting = f?.pendingSecret && f.pendingSince && now.getTime() - f.pendingSince.getTime() < PENDING_MS ? f : null;
      let secret: string;
      let since: Date;
      if (waiting && (!wanted || this.secrets.open(waiting.pendingSecret!, u.id) === wanted)) {
        secret = this.secrets.open(waiting.pendingSecret!, u.id);
        since = waiting.pendingSince!;
      } else {
        secret = wanted ?? newTotpSecret();
        since = now;
        await s.login.saveSecondFactor({ userId: u.id, secret: null, enrolledAt: null, lastUsedStep: null, pendingSecret: this.secrets.seal(secret, u.id), pendingSince: now });
      }
      return {
        secret,
        otpauthUri: otpauthUri(secret, u.username, ISSUER),
        issuer: ISSUER,
        account: u.username,
        algorithm: TOTP_ALGORITHM,
        digits: TOTP_DIGITS,
        period: TOTP_PERIOD_SECONDS,
        expiresAt: new Date(since.getTime() + PENDING_MS).toISOString(),
      };
    });
  }

  /**
   * The first code confirms the secret: from now on the account logs in with it. Recorded as
   * SECOND_FACTOR_ENROLLED and, since it answers a login token (session `tokenId`), as LOGIN.
   */
  async confirmEnrolment(holder: Actor, code: string, source: string, tokenId: string): Promise<LoginPrincipal> {
    const userId = holder.userId;
    const principal = await this.activity.attempt(holder, { action: 'SECOND_FACTOR_ENROLLED', object: { type: 'USER', id: userId } }, async (s) => (await s.users.byId(userId))?.homeMunicipalityId, () => this.confirm(userId, code, source, tokenId));
    this.afterCommit();
    return principal;
  }

  private async confirm(userId: string, code: string, source: string, tokenId: string): Promise<LoginPrincipal> {
    const now = this.clock.now();
    const typed = totpCode(code);
    return this.uow.run(async (s) => {
      const u = await this.activeAccount(s, userId);
      const f = await s.login.secondFactor(u.id);
      if (f?.secret) refuse('CONFLICT', 'SECOND_FACTOR_ENROLLED', 'This account has a second factor already; to replace it, ask your user administrator to reset it.');
      if (!f?.pendingSecret || !f.pendingSince || now.getTime() - f.pendingSince.getTime() >= PENDING_MS) {
        refuse('CONFLICT', 'NO_ENROLMENT_PENDING', 'No new secret waits for its first code (or it waited longer than 15 minutes): start the enrolment again.');
      }
      const check = checkTotp(this.secrets.open(f!.pendingSecret!, u.id), typed, now, null);
      if (!check.ok) refuse('INVALID', 'INVALID_CODE', 'The code does not match the new secret: check that the app shows "Suwinet-Inkijk" and the time of your device, and enter the current code.');
      const confirmed: SecondFactorRecord = { userId: u.id, secret: f!.pendingSecret, enrolledAt: now, lastUsedStep: (check as { step: number }).step, pendingSecret: null, pendingSince: null };
      await s.login.saveSecondFactor(confirmed);
      await s.login.addEvent({ userId: u.id, kind: 'SECOND_FACTOR_ENROLLED', occurredAt: now, sourceAddress: source, actorId: null });
      await recordLogin(s, u, source, { action: 'SECOND_FACTOR_ENROLLED', object: onAccount(u) });
      await recordLogin(s, u, source, { action: 'LOGIN', object: { type: 'SESSION', id: tokenId }, details: { via: 'ENROLMENT' } });
      return principalOf(u);
    });
  }

  /** The holder's own view: second factor, lockout, failed attempts. */
  async own(actor: Actor): Promise<LoginSecurityView> {
    return this.uow.run(async (s) => this.view(s, await this.account(s, actor.userId)));
  }

  /** What the user administrator sees of an account. */
  async of(actor: Actor, userId: string): Promise<LoginSecurityView> {
    return this.uow.run(async (s) => {
      const u = await this.account(s, userId);
      requireUserManager(actor, u);
      return this.view(s, u);
    });
  }

  /** The user administrator lifts a lockout. */
  lift(actor: Actor, userId: string): Promise<LoginSecurityView> {
    return this.managed(actor, 'LOCKOUT_LIFTED', userId, () => this.liftLockout(actor, userId));
  }

  private async liftLockout(actor: Actor, userId: string): Promise<LoginSecurityView> {
    const now = this.clock.now();
    return this.uow.run(async (s) => {
      const u = await this.account(s, userId);
      requireUserManager(actor, u);
      const key = this.secrets.nameKey(u.username);
      await s.login.serialise(key);
      if (!isLocked(await s.login.counter(key))) refuse('CONFLICT', 'NOT_LOCKED', 'This account is not locked.');
      await s.login.clearCounter(key);
      await s.login.addEvent({ userId: u.id, kind: 'LIFTED_BY_ADMINISTRATOR', occurredAt: now, sourceAddress: null, actorId: actor.userId });
      await s.record(succeeded(actor, u.homeMunicipalityId, { action: 'LOCKOUT_LIFTED', object: onAccount(u), details: { by: 'ADMINISTRATOR' } }));
      return this.view(s, u);
    });
  }

  /** The user administrator resets a lost second factor: the holder enrols again at the next login. */
  resetSecondFactor(actor: Actor, userId: string): Promise<LoginSecurityView> {
    return this.managed(actor, 'SECOND_FACTOR_RESET', userId, () => this.reset(actor, userId));
  }

  /** An action on an account by whoever manages it: refusals recorded in the account's chain; the relay nudged after. */
  private async managed<R>(actor: Actor, action: 'LOCKOUT_LIFTED' | 'SECOND_FACTOR_RESET', userId: string, work: () => Promise<R>): Promise<R> {
    const r = await this.activity.attempt(actor, { action, object: { type: 'USER', id: userId } }, async (s) => (await s.users.byId(userId))?.homeMunicipalityId, work);
    this.afterCommit();
    return r;
  }

  private async reset(actor: Actor, userId: string): Promise<LoginSecurityView> {
    if (actor.userId === userId) refuse('FORBIDDEN', 'OWN_SECOND_FACTOR', 'Nobody resets their own second factor: ask another user administrator or a security officer.');
    const now = this.clock.now();
    return this.uow.run(async (s) => {
      const u = await this.account(s, userId);
      requireUserManager(actor, u);
      if (!(await s.login.secondFactor(u.id))) refuse('CONFLICT', 'NO_SECOND_FACTOR', 'This account has no second factor to reset.');
      await s.login.deleteSecondFactor(u.id);
      await s.login.addEvent({ userId: u.id, kind: 'SECOND_FACTOR_RESET', occurredAt: now, sourceAddress: null, actorId: actor.userId });
      await s.record(succeeded(actor, u.homeMunicipalityId, { action: 'SECOND_FACTOR_RESET', object: onAccount(u) }));
      return this.view(s, u);
    });
  }

  private async view(s: LoginStores, u: UserRecord): Promise<LoginSecurityView> {
    const counter = await s.login.counter(this.secrets.nameKey(u.username));
    const f = await s.login.secondFactor(u.id);
    const events = await s.login.events(u.id, EVENTS_SHOWN);
    const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
    return {
      userId: u.id,
      username: u.username,
      secondFactor: { enrolled: !!f?.secret, enrolledAt: iso(f?.enrolledAt), required: secondFactorRequired(u.roles, this.policy) },
      lockout: { locked: isLocked(counter), lockedAt: iso(counter?.lockedAt), failuresInARow: counter?.failures ?? 0, lastFailureAt: iso(counter?.lastFailureAt), holderMayLift: isLocked(counter) && !!f?.secret && holderMayLift(counter, this.policy) },
      events: events.map((e: LoginEvent) => ({ kind: e.kind, occurredAt: e.occurredAt.toISOString(), sourceAddress: e.sourceAddress, actorId: e.actorId })),
    };
  }

  private async account(s: LoginStores, id: string): Promise<UserRecord> {
    return (await s.users.byId(id)) ?? refuse('NOT_FOUND', 'USER_NOT_FOUND', 'There is no such user.');
  }

  private async activeAccount(s: LoginStores, id: string): Promise<UserRecord> {
    const u = await s.users.byId(id);
    if (!u) refuse('UNAUTHENTICATED', 'TOKEN_INVALID', 'The token does not belong to an account: log in again.');
    if (!u!.active) refuse('FORBIDDEN', 'ACCOUNT_DEACTIVATED', MESSAGES.ACCOUNT_DEACTIVATED);
    return u!;
  }
}
