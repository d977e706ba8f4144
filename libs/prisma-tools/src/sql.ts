/**
 * A small PostgreSQL lexer: enough to split a migration script into top-level statements
 * while skipping comments, quoted strings, quoted identifiers and dollar-quoted bodies
 * (function bodies, DO blocks). It never changes what is sent to the database; it is only
 * used to check a script before it runs (empty script, transaction control statements).
 */

/** One top-level statement: `skeleton` has comments removed and literals replaced by `''`. */
export interface SqlStatement {
  skeleton: string;
}

const IDENT_CHAR = /[A-Za-z0-9_$]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Splits `sql` into its top-level statements (empty ones left out). */
export function splitSqlStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let atomicOpen = false;
  let current = '';
  let i = 0;
  const n = sql.length;

  const push = () => {
    const skeleton = current.replace(/\s+/g, ' ').trim();
    current = '';
    if (skeleton.length === 0) return;
    // SQL-standard function bodies (BEGIN ATOMIC ... END) contain semicolons of their own:
    // keep them in the CREATE FUNCTION/PROCEDURE statement up to the closing END.
    const previous = statements[statements.length - 1];
    if (atomicOpen && previous) {
      previous.skeleton = `${previous.skeleton}; ${skeleton}`;
      if (/^END$/i.test(skeleton)) atomicOpen = false;
      return;
    }
    statements.push({ skeleton });
    if (/\bBEGIN\s+ATOMIC\b/i.test(skeleton) && !/\bEND$/i.test(skeleton)) atomicOpen = true;
  };

  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      current += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else {
          i++;
        }
      }
      current += ' ';
      continue;
    }
    if (c === "'") {
      const escapes = /[eE]/.test(sql[i - 1] ?? '') && !IDENT_CHAR.test(sql[i - 2] ?? '');
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') {
          i += 2;
        } else if (sql[i] === "'" && sql[i + 1] === "'") {
          i += 2;
        } else if (sql[i] === "'") {
          i++;
          break;
        } else {
          i++;
        }
      }
      current += "''";
      continue;
    }
    if (c === '"') {
      let ident = '"';
      i++;
      while (i < n) {
        if (sql[i] === '"' && sql[i + 1] === '"') {
          ident += '""';
          i += 2;
        } else if (sql[i] === '"') {
          i++;
          break;
        } else {
          ident += sql[i];
          i++;
        }
      }
      current += `${ident}"`;
      continue;
    }
    if (c === '$' && !IDENT_CHAR.test(sql[i - 1] ?? '')) {
      const match = DOLLAR_TAG.exec(sql.slice(i, i + 200));
      if (match) {
        const tag = match[0];
        const end = sql.indexOf(tag, i + tag.length);
        i = end === -1 ? n : end + tag.length;
        current += "''";
        continue;
      }
    }
    if (c === ';') {
      push();
      i++;
      continue;
    }
    current += c;
    i++;
  }
  push();
  return statements;
}

const TRANSACTION_CONTROL =
  /^(BEGIN|START\s+TRANSACTION|COMMIT|END|ABORT|ROLLBACK(?!\s+(WORK\s+|TRANSACTION\s+)?TO\b)|PREPARE\s+TRANSACTION)\b/i;

/**
 * Statements that would end or nest the transaction that a migration runs in
 * (BEGIN, COMMIT, ROLLBACK, END, ...). Savepoints are fine and not reported.
 */
export function findTransactionControl(sql: string): string[] {
  return splitSqlStatements(sql)
    .map((s) => s.skeleton)
    .filter((s) => TRANSACTION_CONTROL.test(s));
}

/** True when the script holds no statement at all (only whitespace and comments). */
export function isEmptySql(sql: string): boolean {
  return splitSqlStatements(sql).length === 0;
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
