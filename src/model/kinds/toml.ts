/**
 * TOML artifacts: Cargo.toml, rust-toolchain(.toml), .cargo/config.toml and
 * fly.toml are parsed once into `model.toml` (the migration lifter reads the
 * Cargo manifests from there); fly.toml also becomes a Workload.
 */
import { someLineStartsWith } from '../strings.js';
import { firstLine, type BuildState } from './state.js';

export async function lift({ model, ctx, of }: BuildState): Promise<void> {
  const { parseTomlFile, TomlParseError } = await import('../../parsers/toml.js');
  const { liftFly } = await import('../lift-fly-systemd.js');
  for (const f of [...of('cargo'), ...of('rust-toolchain'), ...of('cargo-config'), ...of('fly')]) {
    if (f.kind === 'rust-toolchain' && !f.path.endsWith('.toml') && !someLineStartsWith(f.text, '[')) continue; // legacy one-line channel file
    try {
      const doc = parseTomlFile(f);
      model.toml.push(doc);
      if (f.kind === 'fly') model.workloads.push(liftFly(doc, model.secrets));
    } catch (e) {
      if (e instanceof TomlParseError) ctx.parseError(f, e.location, `invalid TOML: ${e.message}. This file was not checked`);
      else ctx.parseError(f, firstLine(f), `invalid TOML: ${(e as Error).message}. This file was not checked`);
    }
  }
}
