import { defineRule } from '../../src/engine/rule.js';

/** Emitted by the engine when a file cannot be parsed; the scan goes on with the other files. */
export default defineRule({
  id: 'core/parse-error',
  title: 'File could not be parsed',
  severity: 'high',
  status: 'stable',
  description: 'A deployment artifact is malformed (invalid YAML, TOML or SQL, or YAML refused as a resource-exhaustion attack), so nothing in it was checked.',
  rationale:
    'A file the analyzer cannot read is a file nobody verified. Deploy tools reject most of these too, but often only at deploy time (kubectl apply, the migration runner), which is the worst moment to find out.',
  remediation: 'Fix the syntax error at the reported position. If the file is not meant to be valid (a test fixture, a template), exclude it with `exclude:` in .shipshape.yml or a .shipshapeignore entry.',
  references: ['https://yaml.org/spec/1.2.2/', 'https://toml.io/en/v1.0.0', 'https://www.postgresql.org/docs/current/sql-syntax.html'],
  tags: ['correctness'],
  reads: [],
  kinds: [],
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      ports: [{ containerPort: 8080 }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      ports: [{ containerPort: 8080 }]\n',
  },
  check() {
    /* reported by the engine while parsing */
  },
});
