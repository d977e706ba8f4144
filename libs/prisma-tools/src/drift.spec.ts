import { describeDrift, readableDefault } from './drift';

// Output of the engine's diff (migrations -> schema) for a drifted copy of the fixture schema.
const SUMMARY = `
[+] Added tables
  - Extra

[-] Removed tables
  - legacy_import

[+] Added enums
  - Colour

[*] Changed the \`CollaborationStatus\` enum
  [+] Added variant \`ARCHIVED\`
  [-] Removed variant \`ENDED\`

[*] Changed the \`collaboration\` table
  [+] Added column \`trace_id\`
  [-] Removed column \`legacy\`

[*] Changed the \`membership\` table
  [-] Removed foreign key on columns (municipality_id)
  [-] Removed index on columns (municipality_id, joined_on)
  [*] Altered column \`weight\` (changed from Required to Nullable, default changed from \`Some(Value(Float(BigDecimal("1.5"))))\` to \`Some(Value(Float(BigDecimal("2.5"))))\`)
  [+] Added foreign key on columns (municipality_id)
  [+] Added unique index on columns (note)
  [*] Renamed index \`membership_a_idx\` to \`membership_b_idx\`

[*] Changed the \`municipality\` table
  [*] Altered column \`cbs_code\` (type changed)
  [-] Dropped the primary key on columns (id)
`;

describe('describeDrift', () => {
  it('gives one readable line per difference, from the point of view of the migrations', () => {
    expect(describeDrift(SUMMARY)).toEqual([
      'table Extra: is in schema.prisma but missing in migrations',
      'table legacy_import: exists in migrations but not in schema.prisma',
      'enum Colour: is in schema.prisma but missing in migrations',
      'enum CollaborationStatus: variant `ARCHIVED` is in schema.prisma but missing in migrations',
      'enum CollaborationStatus: variant `ENDED` exists in migrations but not in schema.prisma',
      'table collaboration: column `trace_id` is in schema.prisma but missing in migrations',
      'table collaboration: column `legacy` exists in migrations but not in schema.prisma',
      'table membership: foreign key on columns (municipality_id) exists in migrations but not in schema.prisma',
      'table membership: index on columns (municipality_id, joined_on) exists in migrations but not in schema.prisma',
      'table membership: column `weight` differs between migrations and schema.prisma (required in migrations, nullable in schema.prisma, default 1.5 in migrations, 2.5 in schema.prisma)',
      'table membership: foreign key on columns (municipality_id) is in schema.prisma but missing in migrations',
      'table membership: unique index on columns (note) is in schema.prisma but missing in migrations',
      'table membership: index `membership_a_idx` in migrations is named `membership_b_idx` in schema.prisma',
      'table municipality: column `cbs_code` differs between migrations and schema.prisma (type changed)',
      'table municipality: primary key on columns (id) exists in migrations but not in schema.prisma',
    ]);
  });

  it('returns nothing for an empty summary and keeps unknown lines', () => {
    expect(describeDrift('')).toEqual([]);
    expect(describeDrift('[*] Something new\n  [?] odd detail')).toEqual(['Something new', 'odd detail']);
  });
});

describe('readableDefault', () => {
  it('unwraps the engine debug notation', () => {
    expect(readableDefault('None')).toBe('none');
    expect(readableDefault('Some(Value(Int(10)))')).toBe('10');
    expect(readableDefault('Some(Value(Enum("ACTIVE")))')).toBe('ACTIVE');
    expect(readableDefault('Some(Now)')).toBe('now()');
    expect(readableDefault('Some(DbGenerated(Some("gen_random_uuid()")))')).toBe('dbgenerated(gen_random_uuid())');
  });
});
