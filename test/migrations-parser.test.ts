/** src/parsers/sql.ts: positions in UTF-16 despite libpg-query's byte offsets, recovery, psql pre-processing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlModule, parseSqlText, psqlInterpolations } from '../src/parsers/sql.js';

const mod = await loadSqlModule();
const kinds = (text: string) => parseSqlText(mod, text).statements.map((s) => Object.keys(s.ast)[0]);
const texts = (text: string) => parseSqlText(mod, text).statements.map((s) => text.slice(s.start, s.end));

describe('parseSqlText', () => {
  it('maps byte offsets to UTF-16 offsets after é and emoji', () => {
    const text = "-- café 😀\nCREATE INDEX CONCURRENTLY idx ON t (a);\nSELECT 'ü😀' AS x;\n";
    assert.deepEqual(texts(text), ['CREATE INDEX CONCURRENTLY idx ON t (a)', "SELECT 'ü😀' AS x"]);
    const out = parseSqlText(mod, text);
    // The relation's node location (bytes) converts back to the `t` in the JS string.
    const rel = (out.statements[0]!.ast as any).IndexStmt.relation.location as number;
    assert.equal(text[out.byteToOffset(out.statements[0]!.nodeByteBase + rel)], 't');
  });

  it('keeps dollar-quoted bodies with semicolons in one statement', () => {
    const text = 'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN PERFORM 1; RETURN 1; END $fn$;\nDO $$ BEGIN RAISE NOTICE \'a;b\'; END $$;\n';
    assert.deepEqual(kinds(text), ['CreateFunctionStmt', 'DoStmt']);
  });

  it('treats empty and comment-only files as zero statements', () => {
    for (const t of ['', '   \n', '-- nothing here\n/* still nothing */\n']) {
      const out = parseSqlText(mod, t);
      assert.deepEqual([out.statements.length, out.errors.length], [0, 0]);
    }
  });

  it('blanks psql meta-commands and COPY ... FROM stdin data', () => {
    const text = '\\set ON_ERROR_STOP on\nCOPY t (a, b) FROM stdin;\n1\tx;y\n2\té\n\\.\nSELECT 2;\n';
    const out = parseSqlText(mod, text);
    assert.deepEqual(out.errors, []);
    assert.deepEqual(out.statements.map((s) => text.slice(s.start, s.end)), ['COPY t (a, b) FROM stdin', 'SELECT 2']);
  });

  it('parses psql variables and trailing meta-commands, leaving casts, slices and function bodies alone', () => {
    const text = [
      "SELECT count(*) AS n FROM users \\gset",
      'ALTER TABLE :"tbl" ADD COLUMN x int;',
      "INSERT INTO t VALUES (:'v', :n);",
      'SELECT a::int, b[1:2] FROM t;',
      "DO $$ BEGIN PERFORM 1; END $$;",
      "SELECT ':not_a_var', 'x' -- :neither\n;",
      '',
    ].join('\n');
    const out = parseSqlText(mod, text);
    assert.deepEqual(out.errors, []);
    assert.equal(out.statements.length, 6);
    assert.equal(text.slice(out.statements[1]!.start, out.statements[1]!.end), 'ALTER TABLE :"tbl" ADD COLUMN x int', 'positions are those of the original text');
    const pre = psqlInterpolations('SELECT a::int, b[1:2], :x, :\'y\', :"z", \'$1:v\' FROM t');
    assert.equal(pre.text, 'SELECT a::int, b[1:2],  x, \' y\', " z", \'$1:v\' FROM t');
  });

  it('psql interpolation is linear on hostile input (failing suffix)', () => {
    const started = performance.now();
    for (const t of [':a'.repeat(500_000) + "'", ":'".repeat(500_000) + 'x', '$a'.repeat(500_000), 'x \\g'.repeat(250_000) + '\n']) psqlInterpolations(t);
    assert.ok(performance.now() - started < 3_000);
  });

  it('reports one error per bad statement and still parses the rest', () => {
    const text = "SELECT 'é';\nSELEC 1;\nSELECT 3;\n";
    const out = parseSqlText(mod, text);
    assert.deepEqual(out.statements.map((s) => text.slice(s.start, s.end)), ["SELECT 'é'", 'SELECT 3']);
    assert.equal(out.errors.length, 1);
    assert.equal(text.slice(out.errors[0]!.start, out.errors[0]!.end), 'SELEC');
  });

  it('reports an unterminated dollar quote at its start without throwing', () => {
    const text = 'SELECT 1;\nDO $$ BEGIN PERFORM 1;\n';
    const out = parseSqlText(mod, text);
    assert.equal(out.statements.length, 1);
    assert.equal(out.errors.length, 1);
    assert.match(out.errors[0]!.message, /unterminated dollar-quoted string/);
    assert.equal(out.errors[0]!.start, text.indexOf('$$'));
  });

  it('converts the error cursor (code points) after an emoji', () => {
    const text = "SELECT '😀😀';\nSELEC 1;\n";
    const out = parseSqlText(mod, text);
    assert.equal(out.errors[0]!.start, text.indexOf('SELEC 1'));
  });
});
