import { defineRule } from '../../src/engine/rule.js';
import { isExampleFile, isSecretPositionName, judgeSecretValue } from '../../src/model/secret-facts.js';

/** `postgres://app:pw@db/app`: a URL with a password (not `${VAR}`) is a secret whatever its variable is called. */
function urlWithPassword(v: string): boolean {
  const scheme = v.indexOf('://');
  if (scheme === -1) return false;
  const at = v.indexOf('@', scheme);
  const colon = v.indexOf(':', scheme + 3);
  const slash = v.indexOf('/', scheme + 3);
  return at !== -1 && colon !== -1 && colon < at && (slash === -1 || slash > at) && colon + 1 < at && v[colon + 1] !== '$';
}

export default defineRule({
  id: 'secrets/dotenv-committed',
  title: '`.env` file committed',
  severity: 'high',
  status: 'preview',
  severities: [
    { severity: 'high', when: 'the file assigns a value to a secret-looking key' },
    { severity: 'medium', when: 'it holds only non-secret keys (or secret keys with empty or reference values)' },
  ],
  description:
    'Finds `.env`, `.env.production`-style files in the scanned tree. Files meant as documentation (`.env.example`, `.sample`, `.template`, `.dist`) are not reported.',
  rationale:
    '`.env` files are where local and deployment secrets are kept, so tools, images and people treat them as private: one committed is read by everyone with the repository, and the next secret added to it is committed too, without anyone deciding to.',
  remediation:
    'Remove the file from the repository (`git rm --cached .env`), add `.env*` with `!.env.example` to `.gitignore`, rotate any secret it held, and commit a `.env.example` with empty values instead.',
  references: ['https://12factor.net/config', 'https://github.com/motdotla/dotenv#should-i-commit-my-env-file'],
  tags: ['security', 'secrets'],
  reads: ['envFiles'],
  kinds: ['dotenv'],
  security: true,
  example: {
    language: 'ini',
    path: '.env',
    bad: 'APP_ENV=production\nDATABASE_PASSWORD=Pg-pr0d-2291-Lq\n',
    goodPath: '.env.example',
    good: 'APP_ENV=production\nDATABASE_PASSWORD=\n',
  },
  check({ model, report }) {
    for (const env of model.envFiles) {
      if (isExampleFile(env.file.path) || env.entries.length === 0) continue;
      const secret = env.entries.find((e) => (isSecretPositionName(e.name) && judgeSecretValue(e.name, e.value).secret) || urlWithPassword(e.value));
      const first = secret ?? env.entries[0]!;
      report({
        at: first.location,
        message: secret
          ? `${env.file.path} is committed and assigns secret-looking keys (first "${secret.name}"): everyone who can read the repository has them. Remove it from git, rotate what it holds and commit a \`.env.example\` without values.`
          : `${env.file.path} is committed (${env.entries.length} variable${env.entries.length === 1 ? '' : 's'}, none holding a secret yet): the next secret added to it is committed too. Remove it from git and commit a \`.env.example\` instead.`,
        key: `${env.file.path}`,
        severity: secret ? 'high' : 'medium',
      });
    }
  },
});
