// Bundles the CLI into dist/ (ESM, code-split so each parser is its own chunk
// and loads only when its artifact kind is present). Run by `npm ci` through
// the `prepare` script, so `npx shipshape` works right after install.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
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
