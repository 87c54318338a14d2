/** Secret handling: literal secrets, committed Secrets and tokens, and how workloads get their credentials. */
import type { Rule } from '../../src/engine/rule.js';
import credentialsInUrl from './credentials-in-url.js';
import k8sSecretCommitted from './k8s-secret-committed.js';
import knownToken from './known-token.js';
import literalSecret from './literal-secret.js';

export const secretsRules: Rule<any>[] = [credentialsInUrl, k8sSecretCommitted, knownToken, literalSecret];
