import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refineryRustSql } from '../src/model/refinery-rust.js';

function sqlOf(text: string): string {
  const out = refineryRustSql(text);
  assert.ok('sql' in out, `expected SQL, got: ${'notEvaluated' in out ? out.notEvaluated : ''}`);
  return out.sql;
}

test('the SQL view keeps every offset of the Rust source', () => {
  const src = 'pub fn migration() -> String {\n    "CREATE TABLE t (id int);".to_string()\n}\n';
  const view = sqlOf(src);
  assert.equal(view.length, src.length);
  const at = src.indexOf('CREATE');
  assert.equal(view.slice(at, at + 'CREATE TABLE t (id int);'.length), 'CREATE TABLE t (id int);');
  assert.equal(view.trim(), 'CREATE TABLE t (id int);');
  assert.equal(view.split('\n').length, src.split('\n').length, 'newlines stay where they are');
});

test('raw strings with hashes hold quotes; comments around them are blanked', () => {
  const src = 'pub fn migration() -> String {\n  // a "quoted" comment\n  /* nested /* "x" */ still */\n  r##"COMMENT ON TABLE t IS "#not the end";"##.into()\n}';
  assert.equal(sqlOf(src).trim(), 'COMMENT ON TABLE t IS "#not the end";');
});

test('escapes keep their width: the escaped character sits on the last column of the escape', () => {
  const src = 'pub fn migration() -> String { String::from("SELECT \'a\\"b\';\\nSELECT 1;\\x41") }';
  const view = sqlOf(src);
  assert.equal(view.length, src.length);
  assert.match(view, /SELECT 'a "b'; \nSELECT 1; {3}A/);
});

test('a line continuation swallows the newline and the indentation, as Rust does', () => {
  const src = 'pub fn migration() -> String {\n  String::from("SELECT 1;\\\n        SELECT 2;")\n}';
  assert.match(sqlOf(src), /SELECT 1;\s+SELECT 2;/);
});

test('concat! of literals is static SQL', () => {
  const src = 'pub fn migration() -> String { concat!("SELECT 1;", "SELECT 2;").to_string() }';
  assert.match(sqlOf(src), /SELECT 1; *SELECT 2;/);
});

test('SQL built at run time is not evaluated, naming what builds it', () => {
  const barrel = 'use barrel::{types, Migration};\npub fn migration() -> String {\n  let mut m = Migration::new();\n  m.create_table("users", |t| { t.add_column("id", types::primary()); });\n  m.make::<Pg>()\n}';
  const out = refineryRustSql(barrel);
  assert.ok('notEvaluated' in out);
  assert.match(out.notEvaluated, /built at run time \(`Migration` in `migration\(\)`\)/);
  const fmt = refineryRustSql('pub fn migration() -> String { format!("CREATE TABLE {} (id int)", NAME) }');
  assert.ok('notEvaluated' in fmt && /`format`/.test(fmt.notEvaluated));
  const inc = refineryRustSql('pub fn migration() -> String { include_str!("../sql/v1.sql").to_string() }');
  assert.ok('notEvaluated' in inc && /include_str!/.test(inc.notEvaluated));
  const none = refineryRustSql('pub fn up() -> String { "SELECT 1".into() }');
  assert.ok('notEvaluated' in none && /no `fn migration\(\)`/.test(none.notEvaluated));
});

test('other functions in the file do not count; char literals and lifetimes do not confuse the lexer', () => {
  const src = "fn helper<'a>(s: &'a str) -> char { let _q = '\"'; 'x' }\npub fn migration() -> String {\n  \"DROP TABLE old;\".into()\n}\nfn later() { format!(\"{}\", 1); }";
  assert.equal(sqlOf(src).trim(), 'DROP TABLE old;');
});

test('hostile input: unterminated strings and comments end the scan, linear in the size', { timeout: 20_000 }, () => {
  const big = 'pub fn migration() -> String { "' + 'a\\"'.repeat(400_000) + '\\';
  const out = refineryRustSql(big);
  assert.ok('sql' in out);
  // An unclosed comment swallows the rest; an `r###...` with no quote is an identifier and a run of `#`.
  assert.ok('notEvaluated' in refineryRustSql('/*'.repeat(300_000) + 'pub fn migration() -> String { "x".into() }'));
  assert.ok('sql' in refineryRustSql('r' + '#'.repeat(300_000) + 'x pub fn migration() -> String { "x".into() }'));
});
