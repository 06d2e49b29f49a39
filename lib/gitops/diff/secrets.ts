import { createHash } from 'crypto';
import { apiGroup } from './identity';
import { isObj } from '../../vocab/json';
import { KubeObject } from '../../vocab/object';

const REDACTED = /^\(redacted sha256:[0-9a-f]{8}\)$/;

/**
 * What a diff shows for a Secret's value: never the value, only the first 8 hex digits of its
 * SHA-256, enough to tell "changed" from "unchanged" and two values apart.
 */
export function redactedValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return `(redacted sha256:${createHash('sha256').update(text).digest('hex').slice(0, 8)})`;
}

/** Whether a value is a redacted Secret value. */
export function isRedacted(value: unknown): boolean {
  return typeof value === 'string' && REDACTED.test(value);
}

/** Whether an object is a core Secret (`v1`, kind Secret). */
export function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && apiGroup(object.apiVersion) === '';
}

/** A Secret with every value of `data` and `stringData` redacted (other objects as they are). */
export function redactSecret(object: KubeObject): KubeObject {
  if (!isSecret(object)) return object;
  const out: Record<string, unknown> = { ...object };
  for (const field of ['data', 'stringData']) {
    const values = out[field];
    if (isObj(values)) out[field] = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, redactedValue(v)]));
    else if (values !== undefined && values !== null) out[field] = redactedValue(values);
  }
  return out as KubeObject;
}
