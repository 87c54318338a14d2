// Registered with --import: records every module URL the process resolves,
// so a test can see which packages a scan actually loaded (not what the code's
// own bookkeeping claims). The list goes to $SHIPSHAPE_LOAD_LOG, one URL a line.
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url, { data: { log: process.env.SHIPSHAPE_LOAD_LOG } });
