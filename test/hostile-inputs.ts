/** Adversarial artifacts: long lines of the characters regexes and tokenizers care about. */
const N = 60_000;
const r = (s: string, n = N) => s.repeat(Math.ceil(n / s.length));

export const hostile: Record<string, string> = {
  'Dockerfile': [
    `ARG BASE=${r('a:')}`,
    `FROM \${BASE}${r('@')} AS ${r('b')}`,
    `RUN ${r('a|')} && ${r('"')} ${r("\\'")}`,
    `RUN apt-get install ${r('-t ')} ${r('pkg=')} && pip install ${r('--index-url ')} && curl ${r('http://x|')} | sh`,
    `RUN ${r('$(')} ${r('<(')} ${r('${{ ')} ${r('`')}`,
    `COPY --from=${r('x')} ${r('. ')} /app`,
    `ADD ${r('https://')} /x`,
    `ENV ${r('A=1 ')}`,
    `USER "${r('$U')}:${r('$G')}"`,
    `EXPOSE ${r('22/')}`,
    `WORKDIR ${r('../')}`,
    `SHELL ["${r('/')}", "${r('-o')}"]`,
    `CMD ${r('[')}`,
    `# shipshape-ignore ${r(' -')}`,
  ].join('\n') + '\n',
  '.dockerignore': `${r('*')}\n${r('!**/')}\n${r('[')}\n`,
  'k8s/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: x
  annotations:
    shipshape.dev/ignore: "${r('a -- ')}"
spec:
  template:
    metadata: {labels: {app: x}}
    spec:
      volumes: [{name: v, hostPath: {path: "${r('/')}"}}]
      containers:
        - name: ${r('n')}
          image: "${r('a:')}${r('@sha256:')}"
          command: ["sh", "-c", "${r('sqlx migrate run; ')}"]
          env: [{name: "${r('PASSWORD_')}", value: "${r('x')}"}]
          securityContext: {capabilities: {add: ["${r('CAP_')}"]}, seccompProfile: {type: "${r('Unconfined')}"}}
`,
  'docker-compose.yml': `services:\n  a:\n    image: "${r('${X:-')}"\n    user: "${r('0:')}"\n    security_opt: ["${r('seccomp:')}"]\n    volumes: ["${r('/:')}"]\n    environment: ["${r('A=')}"]\n`,
  '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: x\n    container: "${r('a:')}"\n    steps:\n      - uses: docker/build-push-action@v5\n        with: {context: "${r('./')}", tags: "${r('a,')}"}\n      - run: docker build -f ${r('-t ')} .\n`,
  'migrations/20240101000000_a.sql': `-- ${r('-')}\n-- shipshape-ignore ${r(' -')}\nCREATE TABLE ${r('t')} (${r('c int, ')} x int);\nSELECT '${r("''")}';\nCREATE INDEX i ON t (${r('a, ')}b);\n`,
  'Cargo.toml': `[package]\nname = "${r('\\\\')}"\n[dependencies]\nsqlx = "${r('0.')}"\n`,
  '.env': `A=${r('"')}\nB='${r("\\'")}\nC=${r(' #')}\n`,
  'deploy/api.service': `[Service]\nEnvironment=${r('"a=b" ')}\nUser=${r('$')}\nAmbientCapabilities=${r('CAP_SYS_ADMIN ')}\nExecStart=${r('\\\\\n')}\n`,
  'infra/main.tf': `resource "a" "b" {\n  password = "${r('\\\\"')}"\n  x = ${r('{')}\n}\n`,
};

