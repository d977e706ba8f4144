import { LO_BRP_ELEMENTS, protocolLinesOf, protocolLinesOfBatch, ProtocolQuery } from './protocol';

const ZANDVOORT = { id: 'org-zandvoort', oin: '00000099000000000473', name: 'Zandvoort', cbsCode: 'GM0473' };
const HAARLEM = { id: 'org-haarlem', oin: '00000099000000000392', name: 'Haarlem', cbsCode: 'GM0392' };
const query = (over: Partial<ProtocolQuery> = {}): ProtocolQuery => ({
  eventId: 'q-1',
  occurredAt: Date.UTC(2026, 11, 6, 9),
  actingFor: ZANDVOORT,
  legalDomain: 'PARTICIPATIEWET',
  processingActivityId: 'inkijk-participatiewet-bevraging',
  product: 'brp-persoon',
  sources: [{ supplier: 'BRP', outcome: 'ANSWERED', personListsProvided: 1, requestId: 'r-1', requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'], requestedFields: ['naam', 'adressering.adresregel1'] }],
  ...over,
});

describe('protocol lines', () => {
  it('make one line per provision with the request id, the customer OIN and the LO-BRP numbers where known', () => {
    expect(protocolLinesOf(query())).toEqual([
      {
        lineId: 'r-1',
        supplier: 'BRP',
        requestId: 'r-1',
        queryId: 'q-1',
        occurredAt: Date.UTC(2026, 11, 6, 9),
        customerOin: ZANDVOORT.oin,
        customerName: 'Zandvoort',
        legalDomain: 'PARTICIPATIEWET',
        processingActivityId: 'inkijk-participatiewet-bevraging',
        product: 'brp-persoon',
        requestType: 'RaadpleegMetBurgerservicenummer',
        searchFields: [{ name: 'burgerservicenummer', loBrpElement: '01.01.20' }],
        requestedFields: [
          { name: 'naam', loBrpElement: '01.02' },
          { name: 'adressering.adresregel1', loBrpElement: null },
        ],
        personListsProvided: 1,
        outcome: 'ANSWERED',
      },
    ]);
  });

  it('make none for a call that provided nothing: not called, no data, error, time-out, open circuit', () => {
    for (const outcome of ['NOT_CALLED', 'NO_DATA', 'ERROR', 'TIMEOUT', 'CIRCUIT_OPEN']) {
      expect(protocolLinesOf(query({ sources: [{ supplier: 'BRP', outcome, requestId: 'r-x' }] }))).toEqual([]);
    }
  });

  it('give other sources their lines without LO-BRP numbers, each call its own line', () => {
    const lines = protocolLinesOf(
      query({
        product: 'overzicht-inkomen',
        sources: [
          { supplier: 'UWV', outcome: 'ANSWERED', requestId: 'r-uwv', requestType: 'inkomstenverhoudingen', searchFields: ['burgerservicenummer'], requestedFields: [] },
          { supplier: 'SVB', outcome: 'ERROR', requestId: 'r-svb' },
          { supplier: 'DUO', outcome: 'ANSWERED', requestId: 'r-duo', requestType: 'studiefinanciering', searchFields: ['burgerservicenummer'], requestedFields: [] },
        ],
      }),
    );
    expect(lines.map((l) => [l.supplier, l.lineId, l.searchFields, l.personListsProvided])).toEqual([
      ['UWV', 'r-uwv', [{ name: 'burgerservicenummer', loBrpElement: null }], 0],
      ['DUO', 'r-duo', [{ name: 'burgerservicenummer', loBrpElement: null }], 0],
    ]);
  });

  it('give a call logged without a request id (AttributedQuery v1) a stable id of its query and position', () => {
    const v1 = query({ sources: [{ supplier: 'BRP', outcome: 'NO_DATA' }, { supplier: 'BRP', outcome: 'ANSWERED', personListsProvided: 1 }] });
    const [line] = protocolLinesOf(v1);
    expect(line).toMatchObject({ lineId: 'q-1/1', requestId: null, requestType: 'UNKNOWN', searchFields: [], requestedFields: [] });
    expect(protocolLinesOf(v1)).toEqual([line]); // the same every time: a replay repeats the id
  });

  it('keep the order of the batch', () => {
    const a = query({ eventId: 'q-a', sources: [{ supplier: 'BRP', outcome: 'ANSWERED', requestId: 'r-a' }] });
    const b = query({ eventId: 'q-b', actingFor: HAARLEM, sources: [{ supplier: 'BRP', outcome: 'ANSWERED', requestId: 'r-b' }] });
    const c = query({ eventId: 'q-c', sources: [{ supplier: 'BRP', outcome: 'ANSWERED', requestId: 'r-c' }] });
    expect(protocolLinesOfBatch([a, b, c]).map((l) => [l.customerOin, l.lineId])).toEqual([[ZANDVOORT.oin, 'r-a'], [HAARLEM.oin, 'r-b'], [ZANDVOORT.oin, 'r-c']]);
  });

  it('map the Haal Centraal fields the gateway asks for to LO-BRP numbers', () => {
    expect(['burgerservicenummer', 'naam', 'geboorte', 'geslacht', 'verblijfplaats', 'postcode', 'huisnummer', 'geslachtsnaam', 'geboortedatum'].map((f) => LO_BRP_ELEMENTS[f])).toEqual([
      '01.01.20', '01.02', '01.03', '01.04.10', '08', '08.11.60', '08.11.20', '01.02.40', '01.03.10',
    ]);
  });
});
