/** Exit codes, the usage error and the help text: shared by every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export class UsageError extends Error {}

export const HELP = `shipshape — policy-as-code checks for deployment artifacts

Usage:
  shipshape scan [PATH...] [options]     scan a repository (default: .) or the given files
  shipshape baseline [PATH...] [-o FILE] write current findings to a baseline file
  shipshape rules [--format text|json]   list every rule with its metadata
  shipshape explain RULE-ID              print a rule's documentation
  shipshape print-config [PATH]          show the effective configuration

Scan options:
  -f, --format terminal|json|sarif   report format (default: terminal)
  -o, --output FILE                  write the report to FILE (summary goes to stderr)
      --fail-on LEVEL                critical|high|medium|low|info|never (default: medium)
                                     The gate is independent of what is reported.
  -c, --config FILE                  config file (default: .shipshape.yml in the scan root)
      --baseline FILE                report only findings not in FILE
      --base REF                     compare with git REF (e.g. migrations modified after merge)
      --new-migrations-only          with --base: judge only migrations added or changed since REF
      --include GLOB                 only scan matching paths (repeatable)
      --values FILE                  Helm: a values file for every chart (repeatable, later wins)
      --set K=V / --set-string K=V   Helm: values in helm's --set syntax (repeatable)
      --helm-binary PATH             Helm: render charts with this helm (outside the repository)
      --exclude GLOB                 skip matching paths (repeatable)
      --no-gitignore                 do not apply .gitignore when walking
      --no-inline-ignores            ignore shipshape-ignore comments and annotations
      --include-suppressed           keep suppressed findings in SARIF (with suppressions)
      --summary                      terminal: only the per-rule and per-directory summary
      --max-file-size SIZE           larger files are not parsed and are reported as
                                     core/file-too-large (default: 5MiB; units B, KiB, MiB…)
      --allow-plugins                load \`plugins:\` listed in the config (they run code
                                     from the scanned repository; also SHIPSHAPE_ALLOW_PLUGINS=1)
      --                             end of options: every later argument is a path
  -h, --help                         show this help
  -v, --version                      print the version

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or config error, 3 internal error.
`;
