/**
 * Rows of PostgreSQL's COPY ... TO STDOUT text format, from the byte chunks of the stream.
 * A row ends at a newline byte and its fields are separated by tabs: inside a value both are
 * written escaped (`\n`, `\t`), so splitting on the raw bytes is exact. A chunk may end inside a
 * row, or inside a multi-byte character: the incomplete tail waits for the next chunk, so text
 * is decoded only in whole rows. SQL NULL is `\N`; a value with a backslash is unescaped.
 *
 * Reading the verifier's rows this way costs the client about a third of what the extended
 * query protocol's per-row messages cost (docs: services/audit-log/README.md, "Verify").
 */
export type CopyRow = Array<string | null>;

const NEWLINE = 0x0a;
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export class CopyTextReader {
  private tail: Buffer | null = null;

  /** The whole rows completed by this chunk. */
  push(chunk: Buffer): CopyRow[] {
    const data = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    const end = data.lastIndexOf(NEWLINE);
    if (end < 0) {
      this.tail = data;
      return [];
    }
    this.tail = end + 1 < data.length ? data.subarray(end + 1) : null;
    const lines = data.toString('utf8', 0, end).split('\n');
    const rows: CopyRow[] = new Array(lines.length);
    for (let i = 0; i < lines.length; i++) rows[i] = fieldsOf(lines[i]);
    return rows;
  }

  /** At the end of the stream: a row without its newline means the stream was cut. */
  end(): void {
    if (this.tail && this.tail.length > 0) throw new Error(`COPY stream ended inside a row (${this.tail.length} bytes without a newline)`);
  }
}

function fieldsOf(line: string): CopyRow {
  const fields: CopyRow = line.split('\t');
  if (line.indexOf('\\') < 0) return fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.indexOf('\\') < 0) continue;
    fields[i] = f === '\\N' ? null : unescapeCopyText(f);
  }
  return fields;
}

/**
 * Undoes the escaping COPY TO writes: `\\` and the control characters `\b \f \n \r \t \v`
 * (PostgreSQL writes every other character as it is; the octal and hex forms exist only for
 * input).
 */
export function unescapeCopyText(s: string): string {
  return s.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c);
}
