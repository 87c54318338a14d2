/** Per-rule check time on a repository: node --import tsx scripts/rule-times.ts DIR (for finding slow rules; not a benchmark). */
import { prepareRun } from '../src/api.js';
import { scan } from '../src/engine/scan.js';
const root = process.argv[2]!;
const { config, rules } = await prepareRun({ root });
const times = new Map<string, number>();
const wrapped = rules.map((r) => ({ ...r, check: async (ctx: any) => { const t = performance.now(); await r.check(ctx); times.set(r.id, (times.get(r.id) ?? 0) + performance.now() - t); } }));
const t0 = performance.now();
const res = await scan({ root, files: [], config, rules: wrapped });
console.log('total', (performance.now() - t0).toFixed(0), 'findings', res.findings.length);
let sum = 0; for (const v of times.values()) sum += v;
console.log('rules total', sum.toFixed(0));
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(v.toFixed(1).padStart(8), k);
