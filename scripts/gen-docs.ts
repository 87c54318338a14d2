// Regenerates docs/rules/<domain>/<name>.md and docs/rules/README.md from rule
// metadata. test/meta.test.ts fails when the committed pages differ.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules } from '../rules/index.js';
import { renderRuleMarkdown, severitySummary } from '../src/report/rule-doc.js';
import { domainOf } from '../src/engine/rule.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RULE_DOCS = join(ROOT, 'docs', 'rules');

export function expectedDocs(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const r of builtinRules) pages.set(`${r.id}.md`, renderRuleMarkdown(r));
  const rows = builtinRules.map((r) => `| [${r.id}](${r.id}.md) | ${severitySummary(r)} | ${r.title.replace(/\|/g, '\\|')} |${r.enabledByDefault === false ? ' off by default |' : ' |'}`);
  const domains = [...new Set(builtinRules.map((r) => domainOf(r.id)))];
  pages.set(
    'README.md',
    [
      '# Rule reference',
      '',
      `Generated from rule metadata by \`npm run docs\`; do not edit by hand. ${builtinRules.length} rules in ${domains.length} domains (${domains.join(', ')}).`,
      '',
      '| Rule | Severity (default, and what else it can report) | Title | |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  return pages;
}

function listPages(dir: string, prefix = ''): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(listPages(p, `${prefix}${e}/`));
    else out.push(`${prefix}${e}`);
  }
  return out;
}

export function existingDocPages(): string[] {
  return listPages(RULE_DOCS);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  rmSync(RULE_DOCS, { recursive: true, force: true });
  for (const [rel, text] of expectedDocs()) {
    const p = join(RULE_DOCS, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  console.log(`wrote ${expectedDocs().size} pages to docs/rules/`);
}
