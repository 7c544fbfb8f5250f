/**
 * The fields of a Kyverno ClusterPolicy's and Policy's spec, down to the
 * levels the expansion reads (rules, generate, match and exclude,
 * preconditions, context), as Kyverno's CRDs give them (kyverno/kyverno
 * config/crds/kyverno/kyverno.io_clusterpolicies.yaml, from
 * api/kyverno/v1/spec_types.go, rule_types.go, common_types.go,
 * match_resources_types.go, resource_description_types.go). The CRDs
 * preserve no unknown fields at these levels, so `kubectl apply` (strict
 * field validation) refuses a policy with one: a typo such as
 * `precondition:` never reaches the cluster. What the expansion does not
 * read (mutate, validate, verifyImages, a context's apiCall, `data`) is
 * taken whole.
 */
import type { Shape } from '../../policy/fields.js';
import { LABEL_SELECTOR } from '../../policy/fields.js';

const LEAF = 'leaf' as const;

const SUBJECT: Shape = { apiGroup: LEAF, kind: LEAF, name: LEAF, namespace: LEAF };

const RESOURCES: Shape = {
  annotations: LEAF,
  kinds: LEAF,
  name: LEAF,
  names: LEAF,
  namespaceSelector: LABEL_SELECTOR,
  namespaces: LEAF,
  operations: LEAF,
  selector: LABEL_SELECTOR,
};

/** A ResourceFilter: an entry of match.any, match.all. */
const FILTER: Shape = { clusterRoles: LEAF, resources: RESOURCES, roles: LEAF, subjects: [SUBJECT] };

/** v1's MatchResources also takes one filter's fields itself (deprecated); v2beta1's only any and all. */
const MATCH_V1: Shape = { any: [FILTER], all: [FILTER], ...FILTER };
const MATCH_V2BETA1: Shape = { any: [FILTER], all: [FILTER] };

const CONDITION: Shape = { key: LEAF, message: LEAF, operator: LEAF, value: LEAF };

const CONTEXT: Shape = {
  apiCall: LEAF,
  configMap: LEAF,
  globalReference: LEAF,
  imageRegistry: LEAF,
  name: LEAF,
  variable: { default: LEAF, jmesPath: LEAF, value: LEAF },
};

const TARGET = { apiVersion: LEAF, kind: LEAF, name: LEAF, namespace: LEAF, uid: LEAF } as const;
const CLONE: Shape = { name: LEAF, namespace: LEAF };
const CLONE_LIST: Shape = { kinds: LEAF, namespace: LEAF, selector: LABEL_SELECTOR };

/** A foreach entry's preconditions keep unknown fields (x-kubernetes-preserve-unknown-fields); its any and all conditions do not. */
const FOREACH: Shape = {
  ...TARGET,
  clone: CLONE,
  cloneList: CLONE_LIST,
  context: [CONTEXT],
  data: LEAF,
  list: LEAF,
  preconditions: { '*': LEAF, any: [CONDITION], all: [CONDITION] },
};

const GENERATE: Shape = {
  ...TARGET,
  clone: CLONE,
  cloneList: CLONE_LIST,
  data: LEAF,
  foreach: [FOREACH],
  generateExisting: LEAF,
  orphanDownstreamOnPolicyDelete: LEAF,
  synchronize: LEAF,
};

/** v1's rule preconditions keep unknown fields (a plain list of conditions is taken too); v2beta1's are any and all. */
function rule(v1: boolean): Shape {
  const match = v1 ? MATCH_V1 : MATCH_V2BETA1;
  return {
    celPreconditions: LEAF,
    context: [CONTEXT],
    exclude: match,
    generate: GENERATE,
    imageExtractors: LEAF,
    match,
    mutate: LEAF,
    name: LEAF,
    preconditions: v1 ? LEAF : { any: [CONDITION], all: [CONDITION] },
    reportProperties: LEAF,
    skipBackgroundRequests: LEAF,
    validate: LEAF,
    verifyImages: LEAF,
  };
}

function spec(v1: boolean): Shape {
  return {
    admission: LEAF,
    applyRules: LEAF,
    background: LEAF,
    emitWarning: LEAF,
    failurePolicy: LEAF,
    generateExisting: LEAF,
    generateExistingOnPolicyUpdate: LEAF,
    mutateExistingOnPolicyUpdate: LEAF,
    rules: [rule(v1)],
    schemaValidation: LEAF,
    useServerSideApply: LEAF,
    validationFailureAction: LEAF,
    validationFailureActionOverrides: LEAF,
    webhookConfiguration: { failurePolicy: LEAF, matchConditions: [{ expression: LEAF, name: LEAF }], timeoutSeconds: LEAF },
    webhookTimeoutSeconds: LEAF,
  };
}

const SPEC_V1 = spec(true);
const SPEC_V2BETA1 = spec(false);

/** The shape of a policy's spec by the version of kyverno.io it is written in (v2beta1's, or v1's for the others). */
export function specShape(version: string): Shape {
  return version === 'v2beta1' ? SPEC_V2BETA1 : SPEC_V1;
}
