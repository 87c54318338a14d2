import { defineRule } from '../../src/engine/rule.js';
import { allActivities, commandStartsWith, stepActivities, type StepActivity } from '../../src/model/pipeline-steps.js';
import { stepKey, stepLabel } from '../../src/model/pipeline-facts.js';

const BUILD_ACTIONS = ['docker/build-push-action', 'redhat-actions/buildah-build', 'redhat-actions/push-to-registry'];
const BUILD_COMMANDS = ['docker build', 'docker buildx build', 'docker image build', 'docker push', 'docker buildx bake', 'podman build', 'podman push', 'buildah bud', 'buildah build', 'docker compose build', 'docker-compose build', 'ko build', 'ko publish'];
const SCAN_ACTIONS = ['aquasecurity/trivy-action', 'anchore/scan-action', 'docker/scout-action', 'snyk/actions/docker', 'crazy-max/ghaction-container-scan', 'aquasecurity/setup-trivy', 'anchore/sbom-action'];
const SCAN_COMMANDS = ['trivy image', 'trivy', 'grype', 'docker scout', 'snyk container', 'docker-scout'];

export default defineRule({
  id: 'ci/missing-image-scan',
  title: 'Images built in CI are never scanned',
  severity: 'low',
  status: 'preview',
  description: 'A workflow pushes a container image and no workflow in the repository scans one (`trivy`, `grype`, `docker scout`, `snyk container`, or their actions). Images built only for tests are not reported.',
  rationale:
    'Base images and OS packages collect CVEs after the Dockerfile is written; a scan at build time is the cheapest point to hear about a critical one before it is deployed, and to keep the record of what shipped.',
  remediation: 'Scan the image you build before or right after pushing it: `aquasecurity/trivy-action` with `image-ref`, `anchore/scan-action`, or `docker scout cves`, and fail on fixable critical findings.',
  references: ['https://github.com/aquasecurity/trivy-action', 'https://github.com/anchore/scan-action'],
  tags: ['security', 'supply-chain', 'ci', 'github-actions'],
  reads: ['pipelines'],
  kinds: ['github-workflow'],
  security: true,
  example: {
    language: 'yaml',
    path: '.github/workflows/image.yml',
    bad: 'on: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: docker build -t ghcr.io/acme/api:${{ github.sha }} .\n      - run: docker push ghcr.io/acme/api:${{ github.sha }}\n',
    good: 'on: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: docker build -t ghcr.io/acme/api:${{ github.sha }} .\n      - uses: aquasecurity/trivy-action@18f2510ee396bbf400402947b394f2dd8c87dbb0 # 0.29.0\n        with:\n          image-ref: ghcr.io/acme/api:${{ github.sha }}\n      - run: docker push ghcr.io/acme/api:${{ github.sha }}\n',
  },
  check(ctx) {
    if (allActivities(ctx.model).some(scans)) return;
    for (const pipeline of ctx.model.pipelines) {
      if (pipeline.kind !== 'workflow') continue;
      const first = stepActivities(pipeline).find(pushes);
      if (!first) continue;
      ctx.report({
        at: first.location,
        message: `${cap(stepLabel(pipeline, first.job, first.step))} pushes a container image, and no workflow in the repository scans one: vulnerable base layers and packages ship unnoticed. Add a trivy, grype or docker scout scan of the image.`,
        key: `${stepKey(pipeline, first.job)} image-scan`,
      });
    }
  },
});

/** The step publishes an image: build-push-action with `push:` set, `docker push`, `buildx build --push`, `ko build`. Test-only builds are not shipped, so they are not reported. */
function pushes(a: StepActivity): boolean {
  if (a.uses === 'redhat-actions/push-to-registry') return true;
  if (a.uses && BUILD_ACTIONS.includes(a.uses)) {
    const push = a.step.with['push']?.value.trim().toLowerCase();
    return push !== undefined && push !== 'false' && push !== '';
  }
  return a.commands.some(
    (c) =>
      ['docker push', 'podman push', 'buildah push', 'docker image push', 'ko build', 'ko publish'].some((w) => commandStartsWith(c.text, w)) ||
      (BUILD_COMMANDS.some((w) => commandStartsWith(c.text, w)) && c.command.argv.some((w) => w.text === '--push')),
  );
}

function scans(a: StepActivity): boolean {
  if (a.uses && SCAN_ACTIONS.some((x) => a.uses === x || a.uses!.startsWith(x + '/'))) {
    if (a.uses === 'aquasecurity/trivy-action') {
      const t = a.step.with['scan-type']?.value.trim();
      return !t || t === 'image';
    }
    return true;
  }
  return a.commands.some((c) => SCAN_COMMANDS.some((w) => commandStartsWith(c.text, w)) && !/^trivy (fs|repo|filesystem|config)\b/.test(c.text));
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
