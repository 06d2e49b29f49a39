import { SchemaCodes } from './codes';
import { Finding, Severity } from '../vocab/finding';
import { childPath } from '../vocab/paths';

/**
 * The metadata checks a Kubernetes API server applies to every custom resource: name, namespace,
 * labels and annotations.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Why a string is not a DNS-1123 subdomain (max 253), or undefined when it is one. */
export function dns1123SubdomainError(value: string): string | undefined {
  if (value.length > 253) return `must be no more than 253 characters, got ${value.length}`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'must be a lowercase RFC 1123 subdomain: lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why a string is not a DNS-1123 label (max 63), or undefined when it is one. */
export function dns1123LabelError(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters, got ${value.length}`;
  if (!DNS1123_LABEL.test(value)) {
    return 'must be a lowercase RFC 1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why a string is not a qualified name (`[prefix/]name`, as label and annotation keys are), or undefined. */
export function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const prefixError = parts[0] === '' ? 'prefix part must not be empty' : dns1123SubdomainError(parts[0]);
    if (prefixError) return `prefix part ${prefixError.replace(/^prefix part /, '')}`;
    name = parts[1];
  } else if (parts.length > 2) {
    return 'must be a name with an optional DNS subdomain prefix and one \'/\' (e.g. \'example.com/MyName\')';
  }
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > 63) return `name part must be no more than 63 characters, got ${name.length}`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and start and end with an alphanumeric character';
  }
  return undefined;
}

function err(code: string, path: string, message: string, hint?: string): Finding {
  return hint ? { severity: Severity.ERROR, code, path, message, hint } : { severity: Severity.ERROR, code, path, message };
}

/** Checks `metadata` of an object. */
export function checkMetadata(metadata: unknown): Finding[] {
  if (metadata === undefined || metadata === null) {
    return [err(SchemaCodes.INVALID_NAME, 'metadata.name', 'metadata.name is required')];
  }
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [err(SchemaCodes.INVALID_NAME, 'metadata', 'metadata must be an object')];
  }
  const m = metadata as Record<string, unknown>;
  const out: Finding[] = [];
  if (m.name === undefined || m.name === null || m.name === '') {
    if (typeof m.generateName !== 'string' || m.generateName === '') out.push(err(SchemaCodes.INVALID_NAME, 'metadata.name', 'metadata.name is required'));
  } else if (typeof m.name !== 'string') {
    out.push(err(SchemaCodes.INVALID_NAME, 'metadata.name', `metadata.name must be a string, got ${typeof m.name}`));
  } else {
    const e = dns1123SubdomainError(m.name);
    if (e) out.push(err(SchemaCodes.INVALID_NAME, 'metadata.name', `invalid name "${m.name}": ${e}`, suggestName(m.name)));
  }
  if (m.namespace !== undefined && m.namespace !== null) {
    if (typeof m.namespace !== 'string') {
      out.push(err(SchemaCodes.INVALID_NAMESPACE, 'metadata.namespace', `metadata.namespace must be a string, got ${typeof m.namespace}`));
    } else if (m.namespace !== '') {
      const e = dns1123LabelError(m.namespace);
      if (e) out.push(err(SchemaCodes.INVALID_NAMESPACE, 'metadata.namespace', `invalid namespace "${m.namespace}": ${e}`, suggestName(m.namespace)));
    }
  }
  // Concatenated, not push(...xs): a map can hold more bad keys than a call can take arguments.
  return out.concat(
    checkStringMap(m.labels, 'metadata.labels', SchemaCodes.INVALID_LABEL, 'label', true),
    checkStringMap(m.annotations, 'metadata.annotations', SchemaCodes.INVALID_ANNOTATION, 'annotation', false),
  );
}

function suggestName(name: string): string | undefined {
  const fixed = name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return fixed && fixed !== name && DNS1123_SUBDOMAIN.test(fixed) ? `e.g. "${fixed}"` : undefined;
}

function checkStringMap(value: unknown, path: string, code: string, what: string, isLabel: boolean): Finding[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [err(code, path, `${path} must be a map of strings`)];
  const out: Finding[] = [];
  let size = 0;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const at = childPath(path, key);
    const keyError = qualifiedNameError(key);
    if (keyError) out.push(err(code, at, `invalid ${what} key "${key}": ${keyError}`));
    if (typeof v !== 'string') {
      out.push(err(code, at, `${what} value must be a string, got ${v === null ? 'null' : typeof v}`, typeof v === 'number' || typeof v === 'boolean' ? `quote it: "${String(v)}"` : undefined));
      continue;
    }
    size += key.length + v.length;
    if (isLabel) {
      if (v.length > 63) {out.push(err(code, at, `invalid label value: must be no more than 63 characters, got ${v.length}`));} else if (!LABEL_VALUE.test(v)) {
        out.push(err(code, at, `invalid label value "${v}": must be empty or consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character`));
      }
    }
  }
  if (!isLabel && size > MAX_ANNOTATIONS_BYTES) out.push(err(code, path, `annotations total ${size} bytes, more than the 262144 allowed`));
  return out;
}
