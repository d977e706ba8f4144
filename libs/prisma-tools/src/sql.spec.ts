import { findTransactionControl, isEmptySql, quoteIdent, splitSqlStatements } from './sql';

describe('splitSqlStatements', () => {
  it('splits on top-level semicolons and drops empty statements', () => {
    const sql = 'CREATE TABLE a (id int);;\n\nCREATE TABLE b (id int)';
    expect(splitSqlStatements(sql).map((s) => s.skeleton)).toEqual(['CREATE TABLE a (id int)', 'CREATE TABLE b (id int)']);
  });

  it('ignores semicolons in comments, strings, identifiers and dollar-quoted bodies', () => {
    const sql = `
      -- a comment; with a semicolon
      /* block; /* nested; */ still comment; */
      INSERT INTO t VALUES ('a;b', 'it''s; fine', E'esc\\'; aped');
      CREATE TABLE "odd;name" (x int);
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN NEW.x := 1; RETURN NEW; END; $fn$;
      DO $$ BEGIN PERFORM 1; END $$;
    `;
    const skeletons = splitSqlStatements(sql).map((s) => s.skeleton);
    expect(skeletons).toEqual([
      "INSERT INTO t VALUES ('', '', E'')",
      'CREATE TABLE "odd;name" (x int)',
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS ''",
      "DO ''",
    ]);
  });

  it('does not take positional parameters or identifiers with $ for dollar quotes', () => {
    expect(splitSqlStatements('SELECT $1; SELECT a$b$c FROM t;').map((s) => s.skeleton)).toEqual(['SELECT $1', 'SELECT a$b$c FROM t']);
  });

  it('keeps a BEGIN ATOMIC function body in one statement', () => {
    const sql = 'CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; SELECT 2;';
    expect(splitSqlStatements(sql).map((s) => s.skeleton)).toEqual([
      'CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END',
      'SELECT 2',
    ]);
  });
});

describe('isEmptySql', () => {
  it('is true for whitespace and comments only', () => {
    expect(isEmptySql('')).toBe(true);
    expect(isEmptySql('  \n-- nothing here\n/* nor here */ ;\n')).toBe(true);
    expect(isEmptySql('-- x\nSELECT 1')).toBe(false);
  });
});

describe('findTransactionControl', () => {
  it('finds statements that end or nest the surrounding transaction', () => {
    const sql = 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nstart transaction;\nrollback;\nEND;\nABORT;';
    expect(findTransactionControl(sql)).toEqual(['BEGIN', 'COMMIT', 'start transaction', 'rollback', 'END', 'ABORT']);
  });

  it('allows savepoints and function bodies with BEGIN/END', () => {
    const sql = `SAVEPOINT s; ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s;
      CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$;
      DO $$ BEGIN RAISE NOTICE 'x'; END $$;`;
    expect(findTransactionControl(sql)).toEqual([]);
  });
});

describe('quoteIdent', () => {
  it('doubles embedded quotes', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});
