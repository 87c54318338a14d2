/** The version users see: read from the package.json this bundle or source tree belongs to. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function toolVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'shipshape' && pkg.version) return pkg.version;
      } catch {
        /* keep looking */
      }
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
