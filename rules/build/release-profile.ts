import { defineRule } from '../../src/engine/rule.js';
import { cargoManifests, hasBinaryTarget } from '../../src/model/build-facts.js';

export default defineRule({
  id: 'build/release-profile',
  title: 'Release profile leaves size and speed on the table',
  severity: 'info',
  status: 'preview',
  severities: [
    { severity: 'medium', when: '`[profile.release]` sets `debug = true` (or 1/2/"full"/"limited") or an `opt-level` below 2' },
    { severity: 'info', when: '`[profile.release]` sets none of `lto`, `codegen-units = 1`, `strip`' },
  ],
  description: 'Checks `[profile.release]` of Cargo manifests with a binary target: debug info or low optimisation in release builds (medium), or no `lto`, `codegen-units = 1` or `strip` at all (info).',
  rationale:
    '`debug = true` in the release profile ships full DWARF data (often several times the code size) and `opt-level` 0/1 ships slow code. Without `lto`, `codegen-units = 1` or `strip`, binaries are larger and a little slower than they need to be: more bytes in every image pull and cold start. ' +
    'The info finding is advice, not a defect: fast incremental release builds are a valid choice.',
  remediation: 'In `[profile.release]` set `lto = "thin"` (or `true`), `codegen-units = 1` and `strip = "debuginfo"` (or `"symbols"`); keep `debug` off, or use `split-debuginfo` to keep symbols out of the image.',
  references: ['https://doc.rust-lang.org/cargo/reference/profiles.html#release', 'https://github.com/johnthagen/min-sized-rust'],
  tags: ['image-size', 'cargo'],
  reads: ['toml'],
  kinds: ['cargo'],
  example: {
    language: 'toml',
    path: 'Cargo.toml',
    bad: '[package]\nname = "app"\nversion = "0.1.0"\n\n[[bin]]\nname = "app"\npath = "src/main.rs"\n\n[profile.release]\ndebug = true\n',
    good: '[package]\nname = "app"\nversion = "0.1.0"\n\n[[bin]]\nname = "app"\npath = "src/main.rs"\n\n[profile.release]\nlto = "thin"\ncodegen-units = 1\nstrip = "debuginfo"\n',
  },
  check(ctx) {
    for (const doc of cargoManifests(ctx.model)) {
      const profile = (doc.value['profile'] as Record<string, unknown> | undefined)?.['release'];
      if (!profile || typeof profile !== 'object') continue;
      if (!hasBinaryTarget(ctx.model, doc)) continue;
      const p = profile as Record<string, unknown>;
      const section = doc.locate('profile.release')?.key ?? { path: doc.file.path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
      const debug = p['debug'];
      if (debug === true || debug === 1 || debug === 2 || debug === 'full' || debug === 'limited')
        ctx.report({
          at: doc.locate('profile.release.debug')?.value ?? section,
          message: `${doc.file.path} builds release binaries with debug info (\`debug = ${JSON.stringify(debug)}\`): the binary carries DWARF data often larger than the code, in every image and download. Remove it, or use \`split-debuginfo\`/\`strip = "debuginfo"\`.`,
          key: `${doc.file.path} profile.release.debug`,
          severity: 'medium',
        });
      const opt = p['opt-level'];
      if (opt === 0 || opt === 1)
        ctx.report({
          at: doc.locate('profile.release.opt-level')?.value ?? section,
          message: `${doc.file.path} builds release binaries at \`opt-level = ${opt}\`: production runs barely optimised code. Use the default (3), or "s"/"z" for size.`,
          key: `${doc.file.path} profile.release.opt-level`,
          severity: 'medium',
        });
      const cu = p['codegen-units'];
      const strip = p['strip'];
      const hasLto = p['lto'] !== undefined && p['lto'] !== false && p['lto'] !== 'off';
      if (!hasLto && cu !== 1 && (strip === undefined || strip === false || strip === 'none'))
        ctx.report({
          at: section,
          message: `${doc.file.path} has a \`[profile.release]\` without \`lto\`, \`codegen-units = 1\` or \`strip\`: release binaries are larger and slower than they need to be. Consider \`lto = "thin"\`, \`codegen-units = 1\`, \`strip = "debuginfo"\`.`,
          key: `${doc.file.path} profile.release`,
        });
    }
  },
});
