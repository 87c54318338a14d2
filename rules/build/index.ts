/** Build supply chain: Cargo lockfiles, toolchain pinning, release profiles and CPU targets in Dockerfiles, workflows and Cargo files. */
import type { Rule } from '../../src/engine/rule.js';
import debugBuild from './debug-build.js';
import missingLockfile from './missing-lockfile.js';
import releaseProfile from './release-profile.js';
import targetCpuNative from './target-cpu-native.js';
import toolchainUnpinned from './toolchain-unpinned.js';
import unlockedInstall from './unlocked-install.js';

export const buildRules: Rule<any>[] = [debugBuild, missingLockfile, releaseProfile, targetCpuNative, toolchainUnpinned, unlockedInstall];
