import { CONTROLLER_POD_LABELS } from '../model/cluster.js';
import { Codes } from '../model/diagnostics.js';
import type { Selector } from '../model/selectors.js';
import type { PolicyNote } from './kind.js';

/**
 * A note for a pod selector that reads a label the controllers set on pods
 * (pod-template-hash, job-name): the manifests do not show it, so which pods
 * the selector matches is not modelled.
 */
export function controllerLabelNote(s: Selector, what: string, line: number): PolicyNote | undefined {
  return controllerKeysNote(s.requirements.map((r) => r.key), what, line);
}

/** The same for the label keys a selector of another language reads. */
export function controllerKeysNote(readKeys: readonly string[], what: string, line: number): PolicyNote | undefined {
  const keys = [...new Set(readKeys.filter((k) => CONTROLLER_POD_LABELS.has(k)))];
  if (keys.length === 0) return undefined;
  return {
    line,
    code: Codes.unsupported,
    message: `${what} reads ${keys.map((k) => `"${k}"`).join(', ')}, ${keys.length === 1 ? 'a label' : 'labels'} that controllers set on their pods and pod templates do not show; which pods it matches is not modelled`,
  };
}
