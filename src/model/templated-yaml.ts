/**
 * Why a YAML file with `{{ }}` was not evaluated, in words that fit the file:
 * the braces mean different things to Helm, Jinja (Ansible, Salt), CircleCI
 * and gomplate, and a note that calls a CircleCI config a Helm template sends
 * people looking for the wrong thing.
 */
export function templatedYamlReason(path: string, text: string): string {
  const head = text.slice(0, 200_000);
  if (path.startsWith('.circleci/') || path.includes('/.circleci/')) return 'CircleCI config with {{ }} template keys: not a deployment artifact shipshape evaluates';
  if (head.includes('{%') || head.includes('{#')) return 'Jinja-templated YAML (Ansible, Salt): not rendered';
  if (head.includes('.Values') || head.includes('.Release.') || head.includes('.Chart.')) return 'Helm template outside a chart folder (no Chart.yaml above it): not rendered';
  if (path.endsWith('.tmpl') || path.endsWith('.tpl') || path.endsWith('.gotmpl')) return 'Go template (gomplate, envsubst-style tooling): not rendered';
  return 'YAML with {{ }} templating: not rendered, so it cannot be checked as a manifest';
}
