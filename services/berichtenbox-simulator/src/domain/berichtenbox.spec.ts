import { Berichtenbox } from './berichtenbox';

const n = (id: string, pseudonym = 'a'.repeat(64)) => ({
  notificationId: id,
  createdAt: Date.parse('2026-12-06T09:00:00Z'),
  subjectPseudonym: pseudonym,
  organisation: { id: 'org-1', cbsCode: 'GM0473', name: 'Zandvoort' },
  day: '2026-12-06',
  firstQueryAt: Date.parse('2026-12-06T08:59:00Z'),
  legalDomain: 'PARTICIPATIEWET',
});

describe('the berichtenbox', () => {
  it('keeps each notification once and tells the citizen which municipality looked on which day', () => {
    const box = new Berichtenbox();
    expect(box.receive(n('n1'), 0)).not.toBeNull();
    expect(box.receive(n('n1'), 1)).toBeNull();
    expect(box.duplicates).toBe(1);
    const [b] = box.list();
    expect(b.onderwerp).toBe('Gemeente Zandvoort heeft uw gegevens opgevraagd');
    expect(b.tekst).toContain('Op 6 december 2026 heeft gemeente Zandvoort');
  });

  it('lists one citizen\'s messages by pseudonym, newest first', () => {
    const box = new Berichtenbox();
    box.receive(n('n1'), 0);
    box.receive(n('n2', 'b'.repeat(64)), 1);
    box.receive(n('n3'), 2);
    expect(box.list('a'.repeat(64)).map((b) => b.notificationId)).toEqual(['n3', 'n1']);
    expect(box.list()).toHaveLength(3);
  });
});
