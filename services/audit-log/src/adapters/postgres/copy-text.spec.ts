import { CopyTextReader, unescapeCopyText } from './copy-text';

/** COPY text of rows as PostgreSQL writes it. */
const copyText = (rows: Array<Array<string | null>>) =>
  rows.map((r) => r.map((v) => (v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r'))).join('\t') + '\n').join('');

const rows = [
  ['1', 'Haarlem', null, '\\x0a1b'],
  ['2', 'Súdwest-Fryslân 😀', 'tab\there', 'line\nbreak \\ back'],
  ['3', '', 'a"b', null],
];

describe('CopyTextReader', () => {
  it('reads whole rows, with NULLs and escaped tabs, newlines and backslashes', () => {
    const reader = new CopyTextReader();
    expect(reader.push(Buffer.from(copyText(rows)))).toEqual(rows);
    expect(() => reader.end()).not.toThrow();
  });

  it('gives the same rows whatever the chunk boundaries, also inside a multi-byte character', () => {
    const bytes = Buffer.from(copyText(rows));
    for (let size = 1; size <= bytes.length; size += 3) {
      const reader = new CopyTextReader();
      const got: unknown[] = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...reader.push(bytes.subarray(i, i + size)));
      reader.end();
      expect(got).toEqual(rows);
    }
  });

  it('says so when the stream ends inside a row', () => {
    const reader = new CopyTextReader();
    expect(reader.push(Buffer.from('1\tHaarlem\n2\tZand'))).toEqual([['1', 'Haarlem']]);
    expect(() => reader.end()).toThrow(/ended inside a row \(6 bytes/);
  });

  it('unescapes the sequences COPY writes', () => {
    expect(unescapeCopyText('a\\\\b\\tc\\nd\\re\\bf\\fg\\vh')).toBe('a\\b\tc\nd\re\bf\fg\vh');
  });
});
