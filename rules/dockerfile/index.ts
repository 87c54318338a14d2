/** Dockerfile build hygiene: what a Dockerfile does while it builds (formerly part of image/). */
import type { Rule } from '../../src/engine/rule.js';
import addInsteadOfCopy from './add-instead-of-copy.js';
import aptNoInstallRecommends from './apt-no-install-recommends.js';
import aptUpdateAlone from './apt-update-alone.js';
import contextLeak from './context-leak.js';
import curlPipeShell from './curl-pipe-shell.js';
import downloadWithoutChecksum from './download-without-checksum.js';
import distUpgrade from './dist-upgrade.js';
import fullOsBase from './full-os-base.js';
import invalidStageReference from './invalid-stage-reference.js';
import missingFrom from './missing-from.js';
import nonInteractiveInstall from './non-interactive-install.js';
import packageCacheLeft from './package-cache-left.js';
import pipefail from './pipefail.js';
import relativeWorkdir from './relative-workdir.js';
import shellFormEntrypoint from './shell-form-entrypoint.js';
import sudo from './sudo.js';
import toolchainInRuntimeImage from './toolchain-in-runtime-image.js';
import unpinnedPackages from './unpinned-packages.js';

export const dockerfileRules: Rule<any>[] = [
  addInsteadOfCopy,
  aptNoInstallRecommends,
  aptUpdateAlone,
  contextLeak,
  curlPipeShell,
  downloadWithoutChecksum,
  distUpgrade,
  fullOsBase,
  invalidStageReference,
  missingFrom,
  nonInteractiveInstall,
  packageCacheLeft,
  pipefail,
  relativeWorkdir,
  shellFormEntrypoint,
  sudo,
  toolchainInRuntimeImage,
  unpinnedPackages,
];
