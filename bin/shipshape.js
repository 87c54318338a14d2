#!/usr/bin/env node
// Thin entry: the CLI is bundled into dist/ by `npm run build` (run by `npm ci` via `prepare`).
import { main } from '../dist/cli.mjs';

// `shipshape scan | head`: the reader went away; stop quietly instead of printing a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
