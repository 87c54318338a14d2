import { defineRule, type Severity } from '../../src/engine/rule.js';
import type { Volume, Workload } from '../../src/model/types.js';
import { trimTrailingSlashes } from '../../src/model/strings.js';

/** Container runtime sockets: whoever can talk to them can start a privileged container on the host. */
const SOCKET = /(?:^|\/)(?:docker|containerd|crio|cri-dockerd|podman|dockershim)\.sock$/;
/** Directories that hold those sockets. */
const SOCKET_DIRS = new Set(['/', '/run', '/var/run', '/run/docker', '/var/run/docker', '/run/containerd', '/var/run/containerd', '/run/crio', '/var/run/crio', '/run/podman', '/var/run/podman']);
/** Sensitive host trees: the path itself or anything below it. */
const SENSITIVE_TREES = ['/etc', '/proc', '/sys', '/boot', '/root', '/var/lib/docker', '/var/lib/containerd', '/var/lib/kubelet', '/var/lib/rancher', '/etc/kubernetes'];
/** Sensitive as a whole directory only (their subdirectories are often harmless, e.g. /dev/shm, /usr/share/zoneinfo). */
const SENSITIVE_EXACT = new Set(['/dev', '/usr', '/lib', '/lib64', '/bin', '/sbin', '/var', '/var/lib', '/home', '/var/log']);
/** Read-mostly system files that are commonly and harmlessly shared. */
const HARMLESS = [/^\/etc\/(?:localtime|timezone|hostname|hosts|resolv\.conf|machine-id)$/, /^\/etc\/(?:ssl|pki|ca-certificates)(?:\/|$)/, /^\/usr\/share\/zoneinfo(?:\/|$)/];
/** User credentials in a home directory. */
const CREDENTIALS = /^(?:~|\$HOME|\$\{HOME\})\/\.(?:ssh|aws|kube|docker|gnupg|config\/gcloud|azure)(?:\/|$)/;

export default defineRule({
  id: 'container/host-path-mount',
  formerIds: ['image/host-path-mount'],
  title: 'Host path mounted into a container',
  severity: 'high',
  status: 'stable',
  severities: [
    { severity: 'critical', when: 'the mounted path is the container runtime socket or the directory holding it' },
    { severity: 'high', when: 'any other reported mount: a sensitive host path, home-directory credentials, or a Kubernetes hostPath volume' },
  ],
  description:
    'Finds Kubernetes `hostPath` volumes and compose bind mounts of sensitive host paths (`/`, `/etc`, `/proc`, `/sys`, `/root`, home-directory credentials, ...). Mounting the Docker, containerd or CRI-O socket (or a directory holding it) is critical.',
  rationale:
    "A host path gives the container a view into the node that outlives the pod: it can read host secrets and other pods' data, or plant files the host executes. The container runtime socket is root on the host: anyone who can talk to it can start a privileged container.",
  remediation:
    'Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret instead (compose: a named volume or a project-relative bind mount). Never mount the runtime socket into an application container; build images with a rootless builder (BuildKit rootless, kaniko) instead.',
  remediationByKind: {
    compose: 'Use a named volume (`volumes: [data:/var/lib/app]`) or a bind mount of a project-relative path (`./config:/etc/app:ro`). Never mount the Docker socket into an application container; build images with a rootless builder instead.',
  },
  differences: "- **Trivy KSV023, Polaris hostPathSet**: they report every `hostPath` at one medium/warning level. We report the container runtime socket (or the folder holding it) as critical \u2014 it is root on the node, as kube-linter docker-sock and Checkov CKV_K8S_27 also single out \u2014 and any other `hostPath` at high.\n- **kube-linter writable-host-mount**: kube-linter's writable check is opt-in and a `readOnly: true` mount passes it. We report read-only host mounts too: reading `/etc`, `/var/lib/kubelet` or another pod's data is itself the leak.",
  references: [
    'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
    'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
  ],
  tags: ['security', 'containers', 'kubernetes', 'compose'],
  reads: ['workloads'],
  kinds: ['kubernetes', 'compose'],
  security: true,
  example: {
    language: 'yaml',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      volumeMounts: [{ name: docker, mountPath: /var/run/docker.sock }]\n  volumes:\n    - name: docker\n      hostPath: { path: /var/run/docker.sock }\n',
    good: 'apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.4.2\n      volumeMounts: [{ name: data, mountPath: /data }]\n  volumes:\n    - name: data\n      persistentVolumeClaim: { claimName: data }\n',
  },
  check(ctx) {
    for (const w of ctx.model.workloads) {
      if (w.platform !== 'kubernetes' && w.platform !== 'compose') continue;
      for (const v of w.volumes) {
        if (v.kind !== 'hostPath' && v.kind !== 'bind') continue;
        const judged = judge(w, v);
        if (!judged) continue;
        ctx.report({
          at: v.location,
          message: message(w, v, judged.why),
          key: `${w.id}.volumes[${v.kind === 'hostPath' ? v.name : v.target ?? v.name}].hostPath`,
          severity: judged.severity,
        });
      }
    }
  },
});

function normalise(p: string): string {
  const t = trimTrailingSlashes(p.trim());
  return t === '' ? '/' : t.replace(/\/{2,}/g, '/');
}

function judge(w: Workload, v: Volume): { severity?: Severity; why: string } | undefined {
  const raw = v.hostPath;
  if (raw === undefined) {
    return w.platform === 'kubernetes' ? { why: 'its path cannot be determined' } : undefined;
  }
  const p = normalise(raw);
  if (SOCKET.test(p)) return { severity: 'critical', why: 'this is the container runtime socket: whoever reaches it can start a privileged container and own the host' };
  if (SOCKET_DIRS.has(p)) return { severity: 'critical', why: `${p} holds the container runtime socket: whoever reaches it can start a privileged container and own the host` };
  if (HARMLESS.some((re) => re.test(p))) return undefined;
  if (CREDENTIALS.test(p)) return { why: 'it exposes credentials from a home directory to the container' };
  const sensitive = SENSITIVE_EXACT.has(p) || SENSITIVE_TREES.some((t) => p === t || p.startsWith(t + '/'));
  if (sensitive) return { why: `${p} is a sensitive host path: the container can read host secrets or change the node's configuration` };
  // compose bind mounts of project directories are normal local development.
  if (w.platform === 'compose') return undefined;
  return { why: "the pod can read (or write) the node's files, which outlive the pod and are shared with everything else on the node" };
}

function message(w: Workload, v: Volume, why: string): string {
  const who = w.platform === 'compose' ? `Compose service "${w.name}" bind-mounts ${v.hostPath}` : `${w.kind} ${w.name} mounts host path ${v.hostPath ?? '(unknown)'} (volume "${v.name}")`;
  const fix = w.platform === 'compose' ? 'Use a named volume or a project-relative bind mount.' : 'Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret instead.';
  return `${who}: ${why}. ${fix}`;
}
