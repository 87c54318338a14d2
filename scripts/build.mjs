// Bundles the CLI into dist/ (ESM, code-split so each parser is its own chunk
// and loads only when its artifact kind is present). Run by `npm ci` through
// the `prepare` script, so `npx shipshape` works right after install.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: { cli: join(root, 'src/cli/main.ts') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer ESM builds: libpg-query's CJS entry changes the shape of a dynamic import.
  mainFields: ['module', 'main'],
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // CJS dependencies bundled into ESM need these.
  banner: {
    js: "import { createRequire as __shipshapeRequire } from 'node:module'; import { fileURLToPath as __shipshapeToPath } from 'node:url'; import { dirname as __shipshapeDirname } from 'node:path'; const require = __shipshapeRequire(import.meta.url); const __filename = __shipshapeToPath(import.meta.url); const __dirname = __shipshapeDirname(__filename);",
  },
});

// libpg-query finds its WebAssembly next to the module that loads it.
const require = createRequire(import.meta.url);
const wasm = join(dirname(require.resolve('libpg-query/package.json')), 'wasm', 'libpg-query.wasm');
copyFileSync(wasm, join(out, 'libpg-query.wasm'));
copyFileSync(wasm, join(out, 'chunks', 'libpg-query.wasm'));

// The bundle carries third-party code, so it carries their licence texts too:
// one file listing every package esbuild actually put into dist/.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m && !packages.has(m[1])) packages.set(m[1], join(root, 'node_modules', m[1]));
}
const notices = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'unknown'} (no licence file in the package)`;
  return `${name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`;
});
writeFileSync(join(out, 'THIRD-PARTY-LICENSES.txt'), `shipshape bundles the following packages.\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);
if (!existsSync(join(out, 'cli.mjs'))) throw new Error('build produced no dist/cli.mjs');
