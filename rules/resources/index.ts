/** CPU and memory requests and limits, in Kubernetes and compose. */
import type { Rule } from '../../src/engine/rule.js';
import composeNoLimits from './compose-no-limits.js';
import invalidQuantity from './invalid-quantity.js';
import limitBelowRequest from './limit-below-request.js';
import missingCpuLimit from './missing-cpu-limit.js';
import missingMemoryLimit from './missing-memory-limit.js';
import missingRequests from './missing-requests.js';

export const resourcesRules: Rule<any>[] = [composeNoLimits, invalidQuantity, limitBelowRequest, missingCpuLimit, missingMemoryLimit, missingRequests];
