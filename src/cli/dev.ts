// Runs the CLI from source (node --import tsx src/cli/dev.ts ...), for development and tests.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
