import type { Invariant } from '../check/invariants.js';

/**
 * What each diagnostic code and invariant kind means, for outputs that carry
 * rule metadata (SARIF): a title, what it reports, why it matters, and the
 * README section that says more.
 */
export interface CodeHelp {
  readonly title: string;
  readonly what: string;
  readonly why: string;
  /** Anchor of the README section. */
  readonly section: string;
}

const input = (title: string, what: string, why: string): CodeHelp => ({ title, what, why, section: 'input-handling' });
const warning = (title: string, what: string, why: string, section = 'warnings'): CodeHelp => ({ title, what, why, section });
const repository = (title: string, what: string, why: string): CodeHelp => ({ title, what, why, section: 'running-it-on-your-repository' });
const kyverno = (title: string, what: string, why: string): CodeHelp => ({ title, what, why, section: 'kyverno-generate-rules' });

export const CODE_HELP: Readonly<Record<string, CodeHelp>> = {
  RD001: input('document-syntax', 'A YAML or JSON document that does not parse.', 'The document is skipped: what it holds is not analysed, and a verdict that needs it fails closed.'),
  RD002: input('not-kubernetes', 'A document that is not a Kubernetes object (no apiVersion or kind).', 'It is skipped; in files named on purpose it is an error, since a manifest may have been mistyped, and in a render\'s output, where a command may have printed its failure, unread input that fails a check closed.'),
  RD003: input('invalid-object', 'An object the API server would reject.', 'It would never reach the cluster, so it is not analysed, and a verdict that needs it fails closed.'),
  RD004: input('invalid-policy', 'A policy the API server would reject (an except outside its cidr, a bad selector, ...).', 'The policy is skipped as the cluster would refuse it; a verdict that needs it fails closed.'),
  RD005: input('input-limit', 'A file, document or nesting past the size limits.', 'The rest of the file or document is not read, so the analysis does not see it.'),
  RD006: input(
    'duplicate',
    'A key repeated in one mapping, or an object declared more than once.',
    'The later one is used, as kubectl uses it; the earlier one is probably a mistake. Where two Kustomize builds, or two plain directories, that make the same workloads (one per environment) differ in an object that decides traffic, it is an error: they are alternatives, and a verdict on their union fails closed.',
  ),
  RD007: warning('not-modelled', 'A part of a rule that reachdiff does not model (IPv6 ranges, some selectors of other kinds).', 'The paths shown may differ from the cluster: what the part decides is left out or taken at its widest, as the message says.', 'what-is-not-analysed'),
  RD008: warning('host-network', 'A pod on the host network.', 'Most network plugins do not let NetworkPolicies select host-network pods; --host-network include treats them as ordinary pods.', 'choices-where-kubernetes-leaves-it-to-the-network-plugin'),
  RD009: input('unreadable', 'A file not read: too large, a link, an LFS pointer, a submodule.', 'Nothing in it is analysed, and a verdict that needs it fails closed.'),
  RD010: warning('pods-differ', 'Pods of one workload with different labels (or hostNetwork) where some policy selects only part of them.', 'The workload shows the connections of any of its pods, which some of them do not have.'),
  RD011: warning('not-analysed', 'An object of a policy kind reachdiff does not model (Istio, Antrea, ...).', 'It governs traffic that reachdiff cannot see: the paths shown may differ from the cluster.', 'what-is-not-analysed'),
  RD012: warning('refused-at-admission', 'A validating admission policy (a Kyverno validate rule in Enforce, a Kyverno ValidatingPolicy, a ValidatingAdmissionPolicy bound with Deny) that may refuse objects of kinds that decide traffic.', 'An object it refuses never exists, and its apply fails loudly; reachdiff analyses such objects as applied.', 'what-is-not-analysed'),
  RD013: warning('namespace-defaulted', 'Objects that decide traffic and name no namespace, read in default, beside workloads or Services that name another namespace.', 'kubectl apply -n, or the script that applies them, may put them in another namespace: the paths shown for them, and the verdicts of invariants on them, would then be another namespace\'s. Name their namespace, or give the one they are applied to (--default-namespace, or a target\'s namespace).', 'choices-where-kubernetes-leaves-it-to-the-network-plugin'),
  RD040: kyverno('generate-rule-invalid', 'A Kyverno policy or generate rule that Kyverno would reject, or a generation that would fail.', 'Kyverno refuses a policy with such a rule, so none of its rules generates anything; a generation that would fail generates nothing for its trigger.'),
  RD041: kyverno('generate-rule-not-expanded', 'A generate rule that needs context reachdiff does not evaluate (apiCall, configMap, ...), or, on Pods, what a pod template does not decide; or whose application to objects of a namespace nobody declares depends on labels of that namespace.', 'What it would generate, or generates for those objects, is not analysed and is counted as not analysed.'),
  RD042: kyverno('generate-existing-off', 'A generate rule with generateExisting false.', 'Objects that existed before the policy was installed do not get what it generates: what it generates in namespaces the manifests do not create is not analysed, and invariants there fail closed.'),
  RD043: kyverno('generated-invalid', 'An object a generate rule makes that its kind rejects.', 'The API server would refuse it, so it is not analysed.'),
  RD044: kyverno('generate-user-info', 'A generate rule whose match or exclude names who makes the request (subjects, roles, clusterRoles), in a policy whose spec.background is true.', 'Kyverno refuses the policy: none of its rules generates anything. (With background false the rule is not expanded, RD041.)'),
  RD045: kyverno('generated-twice', 'One object generated twice with different content.', 'Only one can exist: the first is analysed.'),
  RD050: repository('helm-chart', 'A Helm chart found while walking a directory.', 'Its templates are not YAML until rendered: they are left out, and the message gives the command that renders them (declare a render target).'),
  RD051: repository('go-template', 'A file holding Go template actions ({{ }}), not YAML.', 'It cannot be read as manifests: a warning in a walked file, an error in a file named on purpose.'),
  RD052: repository('kustomize-root-not-built', 'A Kustomize root whose build was not run, or a file under a built root that no kustomization names.', 'Its files are left out, so what the overlay makes is not analysed (the message gives the command that builds it); a file no kustomization names is left out by the build, where kubectl apply -f applies it.'),
  RD053: repository('kustomize-root-built', 'A Kustomize root built, and with which command.', 'What is analysed is the build output, not the files as written.'),
  RD054: repository('kustomize-build-failed', 'A Kustomize root whose build failed.', 'Nothing it makes is analysed, and a verdict that needs it fails closed.'),
  RD055: repository('operator-workload', 'A custom resource of a known operator, analysed as the workloads the operator makes.', 'Its pods are not in the manifests; their labels are taken from the resource as the operator sets them.'),
  RD056: repository('hidden-directory', 'A file in a hidden directory that a walk skipped, which looks like a Kubernetes object.', 'kubectl apply -R reads it, reachdiff does not: a policy or workload in it is not analysed, so a check fails closed (an error) where it names such a kind; name the file or its directory to read it.'),
  RD057: repository('left-out-by-paths', 'A manifest file that explicit paths (the action\'s paths, a target\'s globs, files named) leave out, beside files they read.', 'kubectl apply -f on that directory applies it, reachdiff does not read it: a note, and where a diff\'s change adds or edits it, unread input that fails the check closed; add it to the paths, or exclude it with !PATH.'),
  RD101: warning('dns-blocked', "A workload under egress policies (NetworkPolicy, admin, Calico) that may not send DNS (UDP and TCP 53) to kube-dns, OpenShift's DNS (on 5353) or node-local DNS.", 'Every connection by name fails; only UDP 53 breaks lookups with large answers.'),
  RD102: warning('dns-port-without-protocol', 'An egress rule with port 53 and no protocol (and no UDP 53).', 'A port without protocol is TCP only, and DNS is mostly UDP.'),
  RD103: warning('selects-nothing', 'A non-empty podSelector or peer selector that matches no workload or namespace of the manifests.', 'Usually a typo: the policy protects nothing, or the rule admits nobody.'),
  RD104: warning('allows-everything', 'A rule matching every peer on every port beside rules that restrict, or an explicit empty from/to beside rules that list peers.', 'An empty list means everyone, not no one: usually a stray "-" that opens the policy to all.'),
  RD105: warning('ingress-denied-by-default', 'Egress rules, no policyTypes and no ingress.', 'Omitted policyTypes means Ingress too: the pods silently lose all incoming traffic.'),
  RD106: warning('rules-ignored', 'Ingress rules under policyTypes [Egress], or egress rules under [Ingress].', 'Kubernetes ignores them.'),
  RD107: warning('named-port-undeclared', 'A named port that no workload the rule resolves it on declares with that protocol, or a named port towards ipBlocks only.', 'It matches nothing.'),
  RD108: warning('peers-split', 'A namespaceSelector-only peer followed by a podSelector-only peer in the same from/to.', 'Two elements are OR; one element with both selectors is the AND usually meant.'),
  RD109: warning('no-policy', 'A workload that no NetworkPolicy selects, in a namespace where other workloads are isolated.', 'Probably missed by a selector: all traffic to and from it is allowed.'),
  RD110: warning('cidr-not-normal', 'An ipBlock cidr or except with host bits set.', 'It means the whole block, often far more than meant, and from Kubernetes 1.36 the API server refuses the policy.'),
  RD111: warning('replicas-changed', 'A change that opens or closes connections between pods of one workload (its replicas).', 'A workload\u2019s connections to itself are not listed, so no diff line shows it: clustering and gossip between replicas break or open silently.'),
  RD120: warning('cilium-dns-blocked', 'A workload a Cilium policy puts in egress default deny that may not send DNS to kube-dns.', 'Every connection by name fails; toEntities world and CIDR rules do not reach kube-dns (CIDR rules may under policy-cidr-match-mode pods).'),
  RD121: warning('cilium-fqdn-without-dns-proxy', 'A toFQDNs rule for pods with no egress rule sending DNS to kube-dns through the DNS proxy.', 'Cilium learns the names\u2019 addresses only from lookups through its DNS proxy: the rule allows no address.'),
  RD122: warning('cilium-world-not-cluster', 'toEntities [world] on a port that a workload of the manifests serves.', 'world is only what is outside the cluster: it never reaches pods or nodes.'),
  RD123: warning('cilium-cidr-for-pods', 'A CIDR rule for 0.0.0.0/0, or over the pod network.', 'CIDR rules never match pods or nodes in Cilium\u2019s default mode (policy-cidr-match-mode pods or nodes changes that).'),
  RD124: warning('cilium-unknown-field', 'No longer given: a Cilium policy with a field its schema does not have is refused (RD004).', 'kubectl validates fields strictly and refuses the object, so the policy never reaches the cluster.'),
  RD125: warning('cilium-label-not-in-identity', 'A selector on a label Cilium leaves out of security identities.', 'It matches no pod.'),
  RD126: warning('cilium-namespace-labels-across-namespaces', 'A CiliumNetworkPolicy peer with namespace labels and no namespace.', 'Cilium 1.16 and later match pods of every namespace with those labels; before, only the policy\u2019s namespace.'),
  RD127: warning('cilium-empty-section', 'ingress: [] or egress: [] where the rule has nothing else for that direction.', 'An empty section puts no pod in default deny.'),
  RD128: warning('cilium-deny-only-default-deny', 'ingressDeny or egressDeny alone, when no other policy allows those pods anything in that direction.', 'A deny rule puts its pods in default deny too: everything else is dropped (enableDefaultDeny false keeps them out only where the agent\'s enable-non-default-deny-policies is on).'),
  RD129: warning('cilium-port-range-below', 'endPort below port.', 'Cilium allows the single port, not a range.'),
  RD130: warning('calico-deny-before-kubernetes', 'A Calico Deny or Pass rule in the default tier ordered before the Kubernetes NetworkPolicies that takes traffic one of them allows.', 'Calico places Kubernetes NetworkPolicies at order 1000: the Deny comes first, and the allow never applies.'),
  RD131: warning('calico-selects-nothing', 'A Calico selector, namespaceSelector or serviceAccounts that matches no workload or namespace of the manifests.', 'Usually a typo: the policy holds nothing, or the rule admits nobody.'),
  RD132: warning('calico-negated-selector', 'A Deny or Pass rule whose peer selector negates.', 'A selector only ever matches pods (and the addresses of network sets whose labels it matches), never other external addresses.'),
  RD133: warning('calico-not-selector-allows-all', 'An Allow rule of a GlobalNetworkPolicy whose peer is a notSelector alone.', 'notSelector matches every address, the internet included, but the pods it selects.'),
  RD134: warning('calico-tier-unused', 'A Tier that no policy of the manifests is in.', 'A policy meant for it that names no tier lands in the default tier.'),
  RD135: warning('calico-tier-undeclared', 'A Calico policy in a tier that no Tier of the manifests declares.', 'Calico applies it after every other tier: it denies nothing earlier tiers allowed.'),
  RD136: warning('calico-rules-ignored', 'Calico rules of a direction that types does not list.', 'Calico ignores them.'),
  RD138: warning('calico-storage-form', 'A Calico object read from crd.projectcalico.org/v1, the form Calico stores objects in.', 'Users apply projectcalico.org/v3; a dump of the storage form may hold names from before v3.32.'),
  RD140: warning('generate-matches-nothing', 'A Kyverno generate rule whose match selects no object of the manifests.', 'Usually a typo: the policy it should spread is generated nowhere.'),
  RD141: warning('generated-collides', 'A policy a Kyverno rule generates with the name of a written one.', 'Only one can exist; which one depends on synchronize and on the order they are applied.'),
};

export const INVARIANT_HELP: Readonly<Record<Invariant['kind'], CodeHelp>> = {
  never: { title: 'invariant-never', what: 'No source in from may open any of ports to any destination in to.', why: 'A path the config forbids is open; the witnesses name each pair and the rules that allow it.', section: 'invariants' },
  always: { title: 'invariant-always', what: 'Every source in from may open all of ports to every destination in to.', why: 'A path the config requires is closed; the witnesses name each pair and why each end denies.', section: 'invariants' },
  only: { title: 'invariant-only', what: 'No source outside the list may reach the protected side (or it may reach nothing outside the list).', why: 'Someone the config does not list reaches the protected workloads.', section: 'invariants' },
  isolated: { title: 'invariant-isolated', what: 'Every matched workload is isolated in the given direction.', why: 'A workload the config wants default-deny is open to all in that direction.', section: 'invariants' },
};
