/**
 * The name and label checks of the API server (k8s.io/apimachinery
 * pkg/util/validation): what fails them is rejected, so it never reaches a
 * cluster. Each returns why a value fails, or undefined when it passes.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Label: namespaces' names. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!DNS1123_LABEL.test(value)) return `"${value}" is not a lowercase RFC 1123 label (a-z, 0-9 and "-", starting and ending with a letter or digit)`;
  return undefined;
}

/** IsDNS1123Subdomain: the names of most objects. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return `"${value}" is longer than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `"${value}" is not a lowercase RFC 1123 subdomain (a-z, 0-9, "-" and ".", starting and ending with a letter or digit)`;
  return undefined;
}

/** IsQualifiedName: label keys, with an optional DNS subdomain prefix and a slash. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `label key "${key}" holds more than one "/"`;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2 && (parts[0] === '' || dnsSubdomainProblem(parts[0]!))) return `label key "${key}" has a prefix that is not a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `label key "${key}" is not a valid name (at most 63 of A-Z, a-z, 0-9, "-", "_" and ".", starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** IsValidLabelValue: empty, or like the name part of a key. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return `label value "${value}" is not valid (at most 63 of A-Z, a-z, 0-9, "-", "_" and ".", starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** ValidateObjectMeta's label checks over a mapping of labels: the first key or value that fails, or undefined (values that are not strings are for the reader to refuse). */
export function labelsProblem(labels: Readonly<Record<string, unknown>>): string | undefined {
  for (const key in labels) {
    const value = labels[key];
    const problem = labelKeyProblem(key) ?? (typeof value === 'string' ? labelValueProblem(value) : undefined);
    if (problem) return problem;
  }
  return undefined;
}
