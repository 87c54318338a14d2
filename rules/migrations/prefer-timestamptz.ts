import { defineRule } from '../../src/engine/rule.js';
import { columnSites } from '../../src/model/migration-facts.js';
import { stmtKey } from './_shared.js';

export default defineRule({
  id: 'migrations/prefer-timestamptz',
  title: 'timestamp without time zone',
  severity: 'low',
  status: 'stable',
  description: 'Finds columns declared `timestamp` (without time zone).',
  rationale:
    '`timestamp` stores a wall-clock time with no zone: values written by servers or sessions in different time zones cannot be compared, and DST shifts make them ambiguous. `timestamptz` stores an absolute instant at the same cost.',
  remediation: 'Declare the column `timestamptz` (`timestamp with time zone`).',
  references: ['https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29'],
  tags: ['postgres', 'migrations', 'schema-design'],
  reads: ['migrations'],
  kinds: ['sql-migration'],
  example: { language: 'sql', bad: 'CREATE TABLE events (at timestamp NOT NULL);', good: 'CREATE TABLE events (at timestamptz NOT NULL);' },
  check(ctx) {
    for (const site of columnSites(ctx.model.migrations)) {
      if (site.column.type!.name !== 'timestamp') continue;
      ctx.report({
        at: site.column.type!.location,
        message: `Column "${site.table}"."${site.column.name}" is timestamp without time zone: values are ambiguous across time zones and DST. Use timestamptz, which stores an absolute instant at the same size.`,
        key: stmtKey(site.file, site.stmt, `timestamp ${site.table}.${site.column.name}`),
      });
    }
  },
});
