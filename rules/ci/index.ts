/** CI pipeline security: GitHub Actions workflows and composite actions (pinning, token permissions, injection, privileged triggers). */
import type { Rule } from '../../src/engine/rule.js';
import checkoutPersistsCredentials from './checkout-persists-credentials.js';
import curlPipeShell from './curl-pipe-shell.js';
import dangerousTrigger from './dangerous-trigger.js';
import downloadWithoutChecksum from './download-without-checksum.js';
import excessivePermissions from './excessive-permissions.js';
import insecureCommands from './insecure-commands.js';
import lintWarningsAllowed from './lint-warnings-allowed.js';
import missingDependencyAudit from './missing-dependency-audit.js';
import missingImageScan from './missing-image-scan.js';
import requiredSteps from './required-steps.js';
import templateInjection from './template-injection.js';
import unpinnedAction from './unpinned-action.js';

export const ciRules: Rule<any>[] = [
  checkoutPersistsCredentials,
  curlPipeShell,
  dangerousTrigger,
  downloadWithoutChecksum,
  excessivePermissions,
  insecureCommands,
  lintWarningsAllowed,
  missingDependencyAudit,
  missingImageScan,
  requiredSteps,
  templateInjection,
  unpinnedAction,
];
