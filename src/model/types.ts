/**
 * The unified model: format-independent entities lifted from every artifact.
 * Rules read these; they never parse text or walk the file system themselves.
 * Every field a rule can complain about carries a Location.
 */
import type { Document as YamlDocument, Node as YamlNode } from 'yaml';
import type { Dockerfile as DockerfileAst } from 'dockerfile-ast';
import type { Field, Location } from './location.js';
import type { SourceFile } from '../base/source-file.js';
import type { ArtifactKind } from '../base/artifact-kind.js';
import type { MigrationModel } from './migration-types.js';
import type { PackageInstall } from './package-installs.js';
import type { ShellCommand, ShellWord } from './shell-types.js';

export type { ShellCommand, ShellWord } from './shell-types.js';

export type { Field, Location } from './location.js';
export type { SourceFile } from '../base/source-file.js';
// Parsers own their output types; the model hands these documents to rules as they are.
import type { TomlDocument } from '../parsers/toml.js';
import type { SystemdUnit } from '../parsers/systemd.js';
import type { EnvFile } from '../parsers/dotenv.js';
import type { TerraformFile } from '../parsers/terraform.js';
export type { TomlDocument, SystemdUnit, EnvFile, TerraformFile };

// ---------------------------------------------------------------- images

/** A parsed image reference such as `ghcr.io/acme/api:1.2@sha256:...`. */
export interface ImageRef {
  /** The text as written (after ARG substitution where possible). */
  raw: string;
  /** Registry host, or undefined for Docker Hub. */
  registry?: string;
  /** Repository path without registry, e.g. `library/debian` is `debian`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** False when the reference still contains an unresolved `$VAR`: its value is unknown. */
  resolved: boolean;
  /** `scratch` has no tag and no layers. */
  scratch: boolean;
  location: Location;
}

export interface DockerInstruction {
  keyword: string;
  /** Argument text after the keyword, continuation lines joined. */
  argsText: string;
  location: Location;
  /** Location of the keyword alone, for findings about the instruction itself. */
  keywordLocation: Location;
  flags: Array<{ name: string; value: string | null; location: Location }>;
}

export interface ShellScript {
  text: string;
  /** Simple commands in order; `a | b` gives two commands with `pipedTo` set. */
  commands: ShellCommand[];
  /** Pipelines: each entry is the list of command indexes joined by `|`. */
  pipelines: number[][];
  /** True when the script could not be split reliably (heredoc, unbalanced quotes). */
  approximate: boolean;
}

export interface RunInstruction {
  instruction: DockerInstruction;
  form: 'shell' | 'exec';
  /** Exec form: the JSON array as written (`["bash", "-o", "pipefail", "-c", "..."]`). */
  execArgv?: string[];
  /** The command as one shell text (exec form joined with spaces). */
  script: ShellScript;
  /** Package-manager invocations in the script (apt-get, apk, pip, npm, ...), parsed once. */
  installs: PackageInstall[];
  /** The SHELL instruction in force (this stage's so far, else its parent stage's); undefined = the platform default (`/bin/sh -c`, `cmd /S /C` on Windows). */
  shell?: string[];
  mounts: Array<{ type: string; target?: string; options: Record<string, string> }>;
}

export interface CommandInstruction {
  instruction: DockerInstruction;
  form: 'shell' | 'exec';
  /** Exec form: the JSON array; shell form: a single element holding the command text. */
  argv: string[];
}

export interface CopyInstruction {
  instruction: DockerInstruction;
  keyword: 'COPY' | 'ADD';
  from?: Field<string>;
  sources: ShellWord[];
  destination?: ShellWord;
  chown?: string;
  heredoc: boolean;
}

export interface DockerUser {
  /** The argument as written, e.g. `"$APP_UID:$APP_UID"`. */
  raw: string;
  /** User after removing quotes and substituting ARG/ENV values visible at this instruction. */
  user: string;
  group?: string;
  /** Parsed numeric uid when the user is numeric. */
  uid?: number;
  /** False when a `$VAR` had no value: the user is unknown, not root. */
  resolved: boolean;
  location: Location;
}

export interface BuildStage {
  index: number;
  /**
   * The stage holds the instructions written before any FROM (a Dockerfile
   * fragment assembled by a build script): its base is unknown and `from` is
   * its first instruction.
   */
  implicit?: boolean;
  name?: Field<string>;
  /** The FROM instruction. */
  from: DockerInstruction;
  /** Base image; undefined when the stage builds FROM an earlier stage. */
  base?: ImageRef;
  /** Set when FROM names an earlier stage of this Dockerfile. */
  parentStage?: BuildStage;
  /** The build in this repository that produces `base` (`FROM ghcr.io/acme/base` built by `base/Dockerfile`), set by the model builder. */
  baseBuild?: ImageBuild;
  /** The external image the stage ultimately builds on, following `FROM <stage>` (undefined for `FROM $UNSET`-style stages without one). */
  rootBase?: ImageRef;
  platform?: Field<string>;
  instructions: DockerInstruction[];
  runs: RunInstruction[];
  copies: CopyInstruction[];
  /** Every USER instruction of the stage, in order. */
  users: DockerUser[];
  /** The user the stage's processes run as: its last USER, else the parent stage's. */
  effectiveUser?: DockerUser;
  exposes: Array<Field<string> & { port?: number; protocol: string }>;
  env: Array<{ name: string; value: string; location: Location }>;
  args: Array<{ name: string; default?: string; location: Location }>;
  workdirs: Field<string>[];
  cmd?: CommandInstruction;
  entrypoint?: CommandInstruction;
  healthcheck?: DockerInstruction;
  shell?: Field<string[]>;
  /** Every LABEL key=value of the stage, in order. */
  labels: Array<{ name: string; value: string; location: Location }>;
}

export interface ImageBuild {
  file: SourceFile;
  /** The raw dockerfile-ast document, for rules that need more than the lifted entities. */
  ast: DockerfileAst;
  stages: BuildStage[];
  finalStage?: BuildStage;
  /** ARGs declared before the first FROM, with defaults. */
  globalArgs: Array<{ name: string; default?: string; location: Location }>;
  /** Build context directory (repo-relative, '' for the root), from compose/workflows or the Dockerfile's folder. */
  contextDir: string;
  /**
   * How the context was determined: a build that names it (compose, a workflow, skaffold, a Makefile,
   * a script, GitLab CI, CodeBuild, Cloud Build, docker-bake), or `dockerfile-dir` when nothing in the
   * repository builds this Dockerfile and the context is assumed to be its folder.
   */
  contextSource: 'dockerfile-dir' | 'compose' | 'workflow' | 'skaffold' | 'makefile' | 'script' | 'gitlab-ci' | 'codebuild' | 'cloudbuild' | 'bake';
  /** The line of the build invocation that set the context (absent when assumed or from compose). */
  contextOrigin?: Location;
  /** BuildKit named contexts the builds pass (`--build-context name=path`, bake `contexts`): `COPY --from=name` and `FROM name` read them. */
  namedContexts: Map<string, string>;
  /** The .dockerignore that applies to this build, if any. */
  dockerignore?: DockerIgnore;
  /** Image names this build is known to produce (from compose `image:`, workflow tags, folder names). */
  producesImages: string[];
  /** Image names built with an explicit `--target` / build-push-action `target:`, with that stage's name. */
  targets: Map<string, string>;
  /** Workloads whose containers run this build's image (resolved by the linker). */
  usedBy: Container[];
  /** What the Dockerfile is for, judged from its path (see image-purpose.ts). */
  purpose: ImageBuildPurpose;
  /**
   * Instructions written before any FROM (or no FROM at all): the file is a
   * fragment that a build script assembles. `first` is the first such
   * instruction (an ARG only when the file has no FROM); `count` how many there are.
   */
  fragment?: { first: DockerInstruction; count: number };
}

export interface ImageBuildPurpose {
  /** `devcontainer` for `.devcontainer/`, `dev` for `Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.local`; else `deploy`. */
  kind: 'deploy' | 'dev' | 'devcontainer';
  /** The image exists to provide a toolchain (dev, CI, builder, test images): a full OS or a compiler is the point. */
  tooling: boolean;
  /** Named as a Dockerfile fragment: `Dockerfile.partial`, `Dockerfile.in`, `api.Dockerfile.in`, `base.dockerfile.part`. */
  fragmentName: boolean;
  /** Whether the image runs a process of its own (see image-purpose.ts); completed by the model builder once every build is known. */
  role: ImageRole;
}

/**
 * What an image is built for. Only a `runtime` image runs a service of its own;
 * the rules about a running container (run-as-root, toolchain-in-runtime-image ...)
 * skip the others or report them at low with `why`.
 */
export type ImageRole =
  | { kind: 'runtime' }
  /** `FROM scratch` that only copies data: no CMD/ENTRYPOINT, nothing executable, no workload runs it. */
  | { kind: 'data'; why: string }
  /** An image for building or CI: named or labelled so, or only used as the FROM of other Dockerfiles' builder stages. */
  | { kind: 'builder'; why: string; at?: Location }
  /** Used as the FROM of other Dockerfiles' shipped stages here: those images run, and their own USER decides. */
  | { kind: 'base'; why: string; at?: Location };

export interface DockerIgnore {
  file: SourceFile;
  patterns: Array<{ pattern: string; negated: boolean; location: Location }>;
  /** True when `path` (context-relative) is excluded from the build context. */
  excludes(path: string): boolean;
}

// ---------------------------------------------------------------- workloads

export type WorkloadPlatform = 'kubernetes' | 'compose' | 'fly' | 'systemd';

export interface SecurityContext {
  runAsNonRoot?: Field<boolean>;
  runAsUser?: Field<number>;
  runAsGroup?: Field<number>;
  /** Kubernetes pod `fsGroup` (pod-level only; containers inherit it): the group volumes are made writable for, added to every process. */
  fsGroup?: Field<number>;
  /** The user as written when it is not numeric (compose `user: app`). */
  userName?: Field<string>;
  privileged?: Field<boolean>;
  allowPrivilegeEscalation?: Field<boolean>;
  readOnlyRootFilesystem?: Field<boolean>;
  capAdd: Field<string>[];
  capDrop: Field<string>[];
  seccompProfile?: Field<string>;
  /** Where the securityContext (or its equivalent) is written, if anywhere. */
  location?: Location;
}

export interface Probe {
  type: 'liveness' | 'readiness' | 'startup';
  kind: 'http' | 'tcp' | 'exec' | 'grpc' | 'unknown';
  path?: string;
  port?: string | number;
  command?: string[];
  initialDelaySeconds?: Field<number>;
  periodSeconds?: Field<number>;
  timeoutSeconds?: Field<number>;
  failureThreshold?: Field<number>;
  successThreshold?: Field<number>;
  location: Location;
  /** Where the handler's `port:` is written (Kubernetes). */
  portLocation?: Location;
  /** Where the httpGet `path:` is written (Kubernetes). */
  pathLocation?: Location;
  /** Where the exec `command:` is written (Kubernetes). */
  commandLocation?: Location;
  /** grpc probes: the health service name asked for (`service:`); undefined is the server's overall health. */
  grpcService?: string;
  /** Compose healthcheck: the `test:` form (`CMD` exec, `CMD-SHELL` or a string: run by /bin/sh). */
  testForm?: 'CMD' | 'CMD-SHELL';
}

/** A lifecycle hook's handler (Kubernetes `preStop` / `postStart`). */
export interface LifecycleHandler {
  kind: 'exec' | 'http' | 'tcp' | 'sleep' | 'unknown';
  /** exec: the argv as written. */
  command?: Field<string[]>;
  /** The `sleep` action's `seconds`. */
  sleepSeconds?: Field<number>;
  location: Location;
}

export interface EnvVar {
  name: string;
  source: 'literal' | 'secretRef' | 'configMapRef' | 'fieldRef' | 'resourceFieldRef' | 'unknown';
  value?: string;
  ref?: { name: string; key?: string; optional?: boolean };
  /** For secretRef: the Secret manifest in the repo it names, when there is one (resolved by the linker). */
  secret?: K8sSecretObject;
  location: Location;
  valueLocation?: Location;
}

export interface ContainerPort {
  containerPort?: number;
  /** Compose port ranges (`"5000-5010:5000-5010"`): the last port of the range that starts at `containerPort`. */
  containerPortEnd?: number;
  hostPort?: Field<number>;
  name?: string;
  protocol?: string;
  location: Location;
}

export interface Container {
  name: string;
  workload: Workload;
  init: boolean;
  image?: ImageRef;
  /** The in-repo build that produces this container's image (resolved by the linker). */
  imageBuild?: ImageBuild;
  /** The stage of `imageBuild` the container runs: the build target when one is named, else the final stage. */
  imageStage?: BuildStage;
  /**
   * Why the linker believes `imageBuild` builds this image: compose `build:`, a build that tags the
   * image the container runs (`build`: workflow, Makefile, script, CI, bake), a skaffold artifact
   * naming it (`skaffold`), or only a name that matches (`name-guess`: the Dockerfile's folder, file
   * suffix or crate name). A guess never lowers a finding.
   */
  linkEvidence?: 'compose' | 'build' | 'skaffold' | 'name-guess';
  /**
   * Kubernetes only (set by the linker): the image's tag / digest is set at deploy time by a
   * kustomization `images:` entry or by skaffold, so the reference in the manifest is a placeholder.
   */
  imagePinning?: { tag: boolean; digest: boolean };
  /** Effective security settings: container values over pod values. */
  security: SecurityContext;
  probes: { liveness?: Probe; readiness?: Probe; startup?: Probe };
  ports: ContainerPort[];
  env: EnvVar[];
  envFrom: Array<{ source: 'secretRef' | 'configMapRef'; name: string; location: Location; secret?: K8sSecretObject; optional?: boolean }>;
  resources?: {
    requests: Record<string, Field<string>>;
    limits: Record<string, Field<string>>;
    location: Location;
  };
  lifecycle?: { preStop?: Location; postStart?: Location; preStopHandler?: LifecycleHandler };
  /** Kubernetes init containers: `restartPolicy` (`Always` makes a native sidecar, which runs beside the app). */
  restartPolicy?: Field<string>;
  command?: Field<string[]>;
  args?: Field<string[]>;
  volumeMounts: Array<{ name: string; mountPath: string; readOnly: boolean; location: Location }>;
  /** Where the container is declared (its `name:` or service key). */
  location: Location;
  /** Logical path for fingerprints, e.g. `Deployment/api containers[web]`. */
  logicalPath: string;
}

export interface Volume {
  name: string;
  kind: 'hostPath' | 'bind' | 'secret' | 'configMap' | 'emptyDir' | 'pvc' | 'named' | 'other';
  /** Host path for hostPath volumes and compose bind mounts. */
  hostPath?: string;
  /** Mount target inside the container (compose) */
  target?: string;
  readOnly?: boolean;
  secretName?: string;
  /** Secret volumes: `optional: true`, the pod starts without the Secret. */
  optional?: boolean;
  /** For secret volumes: the Secret manifest in the repo, when there is one. */
  secret?: K8sSecretObject;
  location: Location;
}

export interface Workload {
  /** e.g. `Deployment/api`, `compose:web`, `fly:app`, `systemd:api.service`. */
  id: string;
  platform: WorkloadPlatform;
  /** Kubernetes kind, or `ComposeService`, `FlyApp`, `SystemdService`. */
  kind: string;
  name: string;
  namespace?: string;
  file: SourceFile;
  /** The whole resource/service declaration. */
  location: Location;
  /** A short anchor for "missing X" findings: the `kind:` line or service key. */
  anchor: Location;
  replicas?: Field<number>;
  labels: Record<string, string>;
  podLabels: Record<string, string>;
  selector?: Record<string, string>;
  annotations: Record<string, string>;
  strategy?: { type: Field<string>; maxUnavailable?: Field<string | number>; maxSurge?: Field<string | number>; raw?: unknown };
  hostNetwork?: Field<boolean>;
  hostPID?: Field<boolean>;
  hostIPC?: Field<boolean>;
  /** Kubernetes: the pod's `serviceAccountName` (or legacy `serviceAccount`); unset means `default`. */
  serviceAccountName?: Field<string>;
  /** Kubernetes: the pod's `automountServiceAccountToken`. */
  automountServiceAccountToken?: Field<boolean>;
  /** Kubernetes: the pod spec's `spec:` key, for "the pod spec lacks X" findings. */
  podSpecLocation?: Location;
  podSecurity: SecurityContext;
  containers: Container[];
  initContainers: Container[];
  volumes: Volume[];
  /** Compose `build:` / fly `[build]`: where its image is built from, and the stage to build (`target`). */
  build?: { context: string; dockerfile?: string; target?: string; location: Location };
  /** Compose: where the service's `deploy:` section is written (a service without one, built from source, is a local-development setup). */
  composeDeploy?: Location;
  /** Compose `env_file:` paths as written, relative to the compose file. */
  envFiles?: Field<string>[];
  /** The raw object (k8s object or compose service) for rules that need more. */
  object?: K8sObject;
  /** Links resolved by the model. */
  services: K8sService[];
  pdbs: PodDisruptionBudget[];
  hpas: HorizontalPodAutoscaler[];
  /** systemd: the directives of the [Service] section. */
  directives?: Record<string, Field<string>>;
  /** Kubernetes pod `terminationGracePeriodSeconds` as written (the kubelet default is 30). */
  terminationGracePeriodSeconds?: Field<number>;
  /** Kubernetes pod `restartPolicy` as written. */
  restartPolicy?: Field<string>;
  /** Compose `depends_on`: each dependency and its `condition` (short form: none, which means `service_started`). */
  dependsOn?: Array<{ service: string; condition?: Field<string>; location: Location }>;
  /** Compose `ports:` entries (published to the host or another network). */
  publishedPorts?: Location[];
  /** Compose `healthcheck: { disable: true }` or `test: ["NONE"]`: a deliberate "no healthcheck". */
  healthcheckDisabled?: Location;
  /** Kubernetes controllers: rollout settings beyond `strategy` (see rollout-facts.ts). */
  rollout?: WorkloadRollout;
  /** fly.toml: `[deploy] strategy` and `[http_service] min_machines_running`. */
  flyDeploy?: { strategy?: Field<string>; minMachinesRunning?: Field<number> };
}

/** A Kubernetes label selector: `matchLabels` and `matchExpressions` (Services use the plain map form). */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: Array<{ key: string; operator: string; values: string[]; location: Location }>;
  location: Location;
}

/** Rollout settings of a Kubernetes controller's spec. */
export interface WorkloadRollout {
  minReadySeconds?: Field<number>;
  progressDeadlineSeconds?: Field<number>;
  revisionHistoryLimit?: Field<number>;
  /** `spec.selector` with its expressions. */
  selector?: LabelSelector;
  /** Where the pod template sets `affinity.podAntiAffinity`, if it does. */
  podAntiAffinity?: Location;
  /** Where the pod template sets `topologySpreadConstraints`, if it does. */
  topologySpread?: Location;
}

// ---------------------------------------------------------------- kubernetes objects

export interface K8sObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  file: SourceFile;
  doc: YamlDocument;
  /** The document's root mapping. */
  node: YamlNode;
  /** Plain JS value of the document. */
  value: Record<string, unknown>;
  location: Location;
  kindLocation: Location;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  /** Index of the document within its file. */
  docIndex: number;
}

export interface K8sService {
  object: K8sObject;
  name: string;
  namespace?: string;
  selector?: Field<Record<string, string>>;
  ports: Array<{ port?: number; targetPort?: string | number; name?: string; location: Location; targetPortLocation?: Location }>;
  /** Workloads whose pod labels match the selector. */
  selects: Workload[];
}

export interface PodDisruptionBudget {
  object: K8sObject;
  name: string;
  selector?: Field<Record<string, string>>;
  minAvailable?: Field<string | number>;
  maxUnavailable?: Field<string | number>;
  /** The whole selector, expressions included (`selector` holds its matchLabels). */
  labelSelector?: LabelSelector;
  targets: Workload[];
}

export interface HorizontalPodAutoscaler {
  object: K8sObject;
  name: string;
  target?: { kind: string; name: string; location: Location };
  minReplicas?: Field<number>;
  maxReplicas?: Field<number>;
  targetWorkload?: Workload;
}

export interface K8sSecretObject {
  object: K8sObject;
  name: string;
  type?: string;
  keys: Array<{ key: string; value: string; encoded: boolean; location: Location }>;
}

/** An Istio VirtualService (or similar) splitting traffic between destinations. */
export interface TrafficRoute {
  object: K8sObject;
  hosts: string[];
  routes: Array<{
    name?: string;
    destinations: Array<{ host: string; subset?: string; port?: number; weight?: Field<number>; location: Location }>;
    location: Location;
  }>;
  /** Kubernetes Services in the repo whose name matches a destination host. */
  services: K8sService[];
}

/** Progressive delivery: an Argo Rollout's canary/blue-green plan, or a Flagger Canary. */
export interface ProgressiveDelivery {
  object: K8sObject;
  controller: 'argo-rollouts' | 'flagger';
  strategy: 'canary' | 'blueGreen' | 'unknown';
  /** Canary steps (Argo `steps`), e.g. {kind: 'setWeight', value: 20}. */
  steps: Array<{ kind: string; value: unknown; location: Location }>;
  /** Services named by the strategy (canaryService, stableService, activeService, previewService). */
  serviceRefs: Array<{ role: string; name: string; location: Location }>;
  /** Flagger `targetRef` / Argo `workloadRef`. */
  targetRef?: { kind: string; name: string; location: Location };
  /** The workload being delivered (the Rollout itself, or the Flagger target), resolved by the linker. */
  target?: Workload;
  analysis?: Location;
}

// ---------------------------------------------------------------- secrets

export interface SecretValue {
  /** The literal (decoded when it came base64-encoded). Never print it unmasked. */
  value: string;
  /** Variable or key name it was assigned to. */
  name: string;
  origin: 'k8s-secret' | 'k8s-env' | 'compose-env' | 'dotenv' | 'dockerfile-env' | 'dockerfile-arg' | 'workflow-env' | 'toml' | 'terraform' | 'systemd-env';
  location: Location;
}

// ---------------------------------------------------------------- pipelines

export interface ActionRef {
  raw: string;
  /** `docker://...` image reference, `./local` path, or `owner/repo[/path]@ref`. */
  type: 'action' | 'docker' | 'local';
  owner?: string;
  repo?: string;
  path?: string;
  ref?: string;
  /** For `docker://` uses: the image reference after the scheme. */
  image?: ImageRef;
  location: Location;
}

/** Where a YAML scalar's text sits in its file, so facts can map a line of a `run:` script back to the file. */
export interface ScalarSource {
  /** `literal` (`|`), `folded` (`>`), `plain`, or `quoted` (single or double). */
  style: 'literal' | 'folded' | 'plain' | 'quoted';
  /** File offsets of the scalar as written (a block scalar starts at its `|`/`>` indicator). */
  start: number;
  end: number;
}

export interface PipelineStep {
  index: number;
  name?: string;
  id?: string;
  uses?: ActionRef;
  run?: Field<string>;
  /** Where the `run:` text is written (see pipeline-facts `stepScripts`). */
  runSource?: ScalarSource;
  /** `shell:` of the step. */
  shell?: Field<string>;
  with: Record<string, Field<string>>;
  /** Where each `with:` value is written (for `actions/github-script` `script:`). */
  withSources?: Record<string, ScalarSource>;
  env: Record<string, Field<string>>;
  /** The step's `if:` condition as written. */
  if?: Field<string>;
  location: Location;
}

export interface PipelineJob {
  id: string;
  name?: string;
  runsOn?: Field<string>;
  permissions?: Field<unknown>;
  environment?: Field<string>;
  /** `concurrency:` of the job, as written. */
  concurrency?: Field<unknown>;
  /** `strategy.matrix` as written (expanded by build-invocations.ts `matrixCombos`). */
  matrix?: unknown;
  needs: string[];
  container?: ImageRef;
  services: Array<{ name: string; image?: ImageRef }>;
  uses?: ActionRef;
  steps: PipelineStep[];
  env: Record<string, Field<string>>;
  /** `with:` of a reusable-workflow call (`uses: org/repo/.github/workflows/x.yml@ref`). */
  with?: Record<string, Field<string>>;
  /** `secrets:` of a reusable-workflow call: `inherit`, or the names passed. */
  secrets?: Field<unknown>;
  location: Location;
}

/** A `workflow_dispatch` / `workflow_call` input and its declared type (`string` when absent). */
export interface PipelineInput {
  name: string;
  trigger: 'workflow_dispatch' | 'workflow_call';
  type: string;
  location: Location;
}

export interface Pipeline {
  file: SourceFile;
  kind: 'workflow' | 'composite-action';
  name?: string;
  triggers: Field<string>[];
  permissions?: Field<unknown>;
  /** Workflow-level `concurrency:`, as written. */
  concurrency?: Field<unknown>;
  jobs: PipelineJob[];
  env: Record<string, Field<string>>;
  /** Inputs declared under `on.workflow_dispatch.inputs` / `on.workflow_call.inputs` (composite actions: top-level `inputs:` as `workflow_call`). */
  inputs?: PipelineInput[];
  doc: YamlDocument;
}

// ---------------------------------------------------------------- misc artifacts





/** An image whose tag or digest is set at deploy time, so the reference in the manifest is a placeholder. */
export interface ImageOverride {
  /** Image name without tag/digest, as written in manifests. */
  name: string;
  setsTag: boolean;
  setsDigest: boolean;
  source: 'kustomize' | 'skaffold';
  location: Location;
}

/** A file that was found but deliberately not evaluated (Helm template, Kustomize patch). */
export interface NotEvaluated {
  path: string;
  reason: string;
}

export interface Model {
  root: string;
  files: SourceFile[];
  /** Every path discovery found (root-relative), artifacts or not: e.g. a package.json in a build context. */
  paths: ReadonlySet<string>;
  /** The same paths indexed by file name (`package.json` → every package.json). */
  pathsByName: ReadonlyMap<string, readonly string[]>;
  /** Read files by path. */
  fileByPath: ReadonlyMap<string, SourceFile>;
  /**
   * Each file's kind once its content is known: a `*.yaml` holding compose
   * services is `compose`, one holding Kubernetes objects `kubernetes`. Starts
   * as the kind discovery gave by name; the per-kind modules refine it.
   */
  kindByPath: Map<string, ArtifactKind>;
  imageBuilds: ImageBuild[];
  dockerignores: DockerIgnore[];
  workloads: Workload[];
  k8sObjects: K8sObject[];
  services: K8sService[];
  pdbs: PodDisruptionBudget[];
  hpas: HorizontalPodAutoscaler[];
  k8sSecrets: K8sSecretObject[];
  trafficRoutes: TrafficRoute[];
  progressiveDeliveries: ProgressiveDelivery[];
  secrets: SecretValue[];
  pipelines: Pipeline[];
  migrations: MigrationModel;
  toml: TomlDocument[];
  systemdUnits: SystemdUnit[];
  envFiles: EnvFile[];
  terraform: TerraformFile[];
  imageOverrides: ImageOverride[];
  notEvaluated: NotEvaluated[];
  /** Raw parsed YAML documents by file path (k8s, compose, workflows, helm values, kustomize). */
  yaml: Map<string, YamlDocument[]>;
}
