#!/usr/bin/env node
// Thin entry: the CLI is bundled into dist/ by `npm run build` (run by `npm ci` via `prepare`).
import { main } from '../dist/cli.mjs';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
