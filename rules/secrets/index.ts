/** Secret handling: literal secrets, committed Secrets and tokens, and how workloads get their credentials. */
import type { Rule } from '../../src/engine/rule.js';
import automountServiceAccountToken from './automount-service-account-token.js';
import credentialsInUrl from './credentials-in-url.js';
import defaultServiceAccount from './default-service-account.js';
import dotenvCommitted from './dotenv-committed.js';
import k8sSecretCommitted from './k8s-secret-committed.js';
import knownToken from './known-token.js';
import literalSecret from './literal-secret.js';
import longLivedCloudCredentials from './long-lived-cloud-credentials.js';
import missingReference from './missing-reference.js';
import secretInImage from './secret-in-image.js';
import secretsInherit from './secrets-inherit.js';

export const secretsRules: Rule<any>[] = [automountServiceAccountToken, credentialsInUrl, defaultServiceAccount, dotenvCommitted, k8sSecretCommitted, knownToken, literalSecret, longLivedCloudCredentials, missingReference, secretInImage, secretsInherit];
