/**
 * The citizens' message box as the simulator keeps it: the notifications received, each once
 * (a repeat carries the same notificationId and is dropped), in Dutch words, by pseudonym. No
 * BSN ever reaches it: the citizen is the HMAC pseudonym the notification carries.
 */
export interface ReceivedNotification {
  notificationId: string;
  createdAt: number;
  subjectPseudonym: string;
  organisation: { id: string; cbsCode?: string | null; name: string };
  day: string;
  firstQueryAt: number;
  legalDomain: string;
}

export interface Bericht {
  notificationId: string;
  subjectPseudonym: string;
  organisationId: string;
  day: string;
  receivedAt: string;
  /** The message as the citizen reads it. */
  onderwerp: string;
  tekst: string;
}

const DAY = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', dateStyle: 'long' });

/** The message text: which organisation, which day; never who (the organisation answers that on request). */
export function berichtOf(n: ReceivedNotification, receivedAt: number): Bericht {
  const day = DAY.format(new Date(`${n.day}T00:00:00Z`));
  return {
    notificationId: n.notificationId,
    subjectPseudonym: n.subjectPseudonym,
    organisationId: n.organisation.id,
    day: n.day,
    receivedAt: new Date(receivedAt).toISOString(),
    onderwerp: `Gemeente ${n.organisation.name} heeft uw gegevens opgevraagd`,
    tekst: `Op ${day} heeft gemeente ${n.organisation.name} via Suwinet-Inkijk gegevens over u opgevraagd. Wie dat deed en waarom kunt u bij de gemeente navragen. Alle opvragingen ziet u op "Wie bekeek mijn gegevens".`,
  };
}

export class Berichtenbox {
  private readonly byId = new Map<string, Bericht>();
  /** Repeats dropped (the same notificationId again). */
  duplicates = 0;

  /** Adds a notification; false when it was there already. */
  receive(n: ReceivedNotification, now: number): Bericht | null {
    if (this.byId.has(n.notificationId)) {
      this.duplicates++;
      return null;
    }
    const b = berichtOf(n, now);
    this.byId.set(n.notificationId, b);
    return b;
  }

  /** Every message, newest first; only one citizen's when a pseudonym is given. */
  list(subjectPseudonym?: string): Bericht[] {
    return [...this.byId.values()].filter((b) => subjectPseudonym === undefined || b.subjectPseudonym === subjectPseudonym).reverse();
  }
}
