import { checkRules } from './cel';
import { SchemaCodes } from './codes';
import { applyDefaults } from './defaults';
import { checkMetadata } from './metadata';
import { checkSchema, NotInTarget, validatorFor } from './schema-check';
import { CrdSchema, findGatewayApiKind, findKind, gatewayApiFileKey, gatewayApiServedKinds, KindSchema, servedKinds } from './schemas';
import { EXTENSIONS_API, NETWORKING_API, SECURITY_API, TELEMETRY_API } from '../core/api-group';
import { DEFAULT_GATEWAY_API_CHANNEL, GATEWAY_API_GROUP, GATEWAY_API_RELEASE, GATEWAY_API_X_GROUP, GatewayApiChannel, isGatewayApiGroup } from '../core/gateway-api';
import { DEFAULT_ISTIO_VERSION, IstioVersion, SUPPORTED_ISTIO_VERSIONS } from '../core/istio-version';
import { Finding, resourceRefOf, Severity } from '../vocab/finding';
import { isKubeObject, KubeObject } from '../vocab/object';
import { childPath, isWithin, parsePath } from '../vocab/paths';
import { closest, editDistance } from '../vocab/suggest';

let webhookModule: typeof import('./webhook') | undefined;

/** Istio's webhook rules, loaded on the first object checked, not with `require('cdk8s-istio')` (issue 21). */
function webhookRules(): typeof import('./webhook') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  webhookModule ??= require('./webhook') as typeof import('./webhook');
  return webhookModule;
}

/** Options of the per-object checks. */
export interface ValidateOptions {
  /**
   * The Istio release whose CRD schemas, CEL rules and webhook rules apply.
   * @default - DEFAULT_ISTIO_VERSION (1.30)
   */
  readonly istioVersion?: IstioVersion;
  /**
   * The Kubernetes Gateway API channel whose CRDs the cluster has: on the standard channel an
   * experimental kind, version or field is an error.
   * @default GatewayApiChannel.STANDARD
   */
  readonly gatewayApiChannel?: GatewayApiChannel;
  /**
   * Finding codes not to report (e.g. `CIS1002`, `CIS2001`).
   * @default - every check runs
   */
  readonly disabledChecks?: readonly string[];
}

/** The API groups of Istio configuration: objects of other groups are not checked. */
const ISTIO_GROUPS = [NETWORKING_API.group, SECURITY_API.group, TELEMETRY_API.group, EXTENSIONS_API.group];

/** Schema findings after which the value at their path has an unexpected shape. */
const MALFORMED: readonly string[] = [SchemaCodes.WRONG_TYPE, SchemaCodes.UNKNOWN_FIELD, SchemaCodes.FIELD_NOT_IN_VERSION];

/** Whether `validateObject` checks this object (a Kubernetes object of one of Istio's configuration API groups or of the Gateway API). */
export function isCheckedObject(object: unknown): object is KubeObject {
  if (!isKubeObject(object)) return false;
  const group = object.apiVersion.split('/')[0];
  return ISTIO_GROUPS.includes(group) || isGatewayApiGroup(group);
}

/**
 * Checks one object as Istio's API server and webhook would: metadata, the CRD schema (strict
 * field validation) after the schema's defaults, the CRD's CEL rules, then Istio's webhook rules.
 * Kubernetes Gateway API objects are checked the same way against the CRDs of the configured
 * channel (Istio's webhook does not check them). Objects that are neither are skipped (no
 * findings); a misspelt Istio or Gateway API group is reported. Never throws.
 */
export function validateObject(object: unknown, options: ValidateOptions = {}): Finding[] {
  const istioVersion = options.istioVersion ?? DEFAULT_ISTIO_VERSION;
  const channel = options.gatewayApiChannel ?? DEFAULT_GATEWAY_API_CHANNEL;
  if (!SUPPORTED_ISTIO_VERSIONS.includes(istioVersion) && isCheckedObject(object) && !isGatewayApiGroup(object.apiVersion.split('/')[0])) {
    return [{
      severity: Severity.ERROR,
      code: SchemaCodes.UNKNOWN_KIND,
      path: '',
      resource: resourceRefOf(object),
      message: `cannot check against Istio ${String(istioVersion)}: the supported releases are ${SUPPORTED_ISTIO_VERSIONS.join(', ')}`,
    }];
  }
  let findings: Finding[];
  try {
    findings = check(object, istioVersion, channel);
  } catch (e) {
    findings = [{
      severity: Severity.ERROR,
      code: SchemaCodes.INTERNAL,
      path: '',
      message: `the checker failed on this object: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'this is a bug in cdk8s-istio; disable the check with code CIS1000 to go on',
      resource: isKubeObject(object) ? resourceRefOf(object) : undefined,
    }];
  }
  const disabled = options.disabledChecks;
  return disabled?.length ? findings.filter((f) => !disabled.includes(f.code)) : findings;
}

/** `validateObject` over many objects. */
export function validateObjects(objects: readonly unknown[], options: ValidateOptions = {}): Finding[] {
  return objects.flatMap((o) => validateObject(o, options));
}

/** Every checked group, for "did you mean" on a misspelt one. */
const CHECKED_GROUPS = [...ISTIO_GROUPS, GATEWAY_API_GROUP, GATEWAY_API_X_GROUP];

function check(object: unknown, istioVersion: IstioVersion, channel: GatewayApiChannel): Finding[] {
  if (!isKubeObject(object)) return [];
  const group = object.apiVersion.split('/')[0];
  if (isGatewayApiGroup(group)) return checkGatewayApi(object, channel);
  if (!ISTIO_GROUPS.includes(group)) {
    // A misspelt Istio or Gateway API group would otherwise silently skip every check.
    const near = /\.istio\.io$/.test(group) || group.includes('istio') || group.startsWith('gateway.') ? closest(group, CHECKED_GROUPS) : undefined;
    if (!near || editDistance(near, group) > 3) return [];
    return withResource(object, [{
      severity: Severity.ERROR,
      code: SchemaCodes.UNKNOWN_KIND,
      path: 'apiVersion',
      message: `unknown ${isGatewayApiGroup(near) ? 'Gateway API' : 'Istio API'} group "${group}"`,
      hint: `did you mean "${near}"?`,
    }]);
  }
  const found = findKind(istioVersion, object.apiVersion, object.kind);
  if (!found) return withResource(object, [unknownKind(object, istioVersion)]);

  const { findings, schemaFindings, celFindings } = checkStructure(object, found, istioVersion, (path) => {
    const newer = newerReleaseWith(istioVersion, object.apiVersion, object.kind, path);
    return newer ? {
      code: SchemaCodes.FIELD_NOT_IN_VERSION,
      message: `in the targeted Istio release (it was added in Istio ${newer})`,
      hint: `target Istio ${newer} or newer (IstioSettings istioVersion, or --istio-version), or remove the field`,
    } : undefined;
  });
  const errorPaths = schemaFindings.map((f) => f.path);

  // Webhook rules run on every object, but what they say about a field the schema or a CEL rule
  // already reported, or inside a value of the wrong shape, is noise.
  const reported = new Set([...errorPaths, ...celFindings.map((f) => f.path), ...duplicateKeyPaths(celFindings, found.schema)]);
  const malformed = schemaFindings.filter((f) => MALFORMED.includes(f.code)).map((f) => f.path);
  let webhook: Finding[];
  try {
    webhook = webhookRules().checkWebhookRules(object, { istioVersion });
  } catch (e) {
    webhook = [{
      severity: Severity.ERROR,
      code: SchemaCodes.INTERNAL,
      path: '',
      message: `the webhook rules failed on this object: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'this is a bug in cdk8s-istio; disable the check with code CIS1000 to go on',
    }];
  }
  for (const w of webhook) if (!reported.has(w.path) && !malformed.some((p) => isWithin(w.path, p))) findings.push(w);
  return withResource(object, findings);
}

/** What the API server checks of any custom resource: metadata, then (after pruning nulls and defaulting) the schema and the CEL rules. */
function checkStructure(object: KubeObject, found: KindSchema, precompiledKey: string, notInTarget: (path: string) => NotInTarget | undefined) {
  const findings = checkMetadata(object.metadata);
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  const body = applyDefaults(pruneNulls(rest, found.schema), found.schema) as Record<string, unknown>;
  const validator = validatorFor(found.schema, { istioVersion: precompiledKey, index: found.index });
  const schemaFindings = checkSchema(body, validator, found.schema, { root: found.schema, kind: object.kind, notInTarget });
  // Loops, not push(...xs): an object can have more findings than a call can take arguments.
  for (const f of schemaFindings) findings.push(f);
  const errorPaths = schemaFindings.map((f) => f.path);
  const celFindings: Finding[] = [];
  checkRules(body, found.schema, '', (path) => errorPaths.some((p) => isWithin(p, path)), celFindings);
  for (const f of celFindings) findings.push(f);
  return { findings, schemaFindings, celFindings };
}

/** A Gateway API object, against the CRDs of the cluster's channel. */
function checkGatewayApi(object: KubeObject, channel: GatewayApiChannel): Finding[] {
  const found = findGatewayApiKind(channel, object.apiVersion, object.kind);
  if (!found) return withResource(object, [unknownGatewayApiKind(object, channel)]);
  const experimental = channel === GatewayApiChannel.STANDARD
    ? findGatewayApiKind(GatewayApiChannel.EXPERIMENTAL, object.apiVersion, object.kind) : undefined;
  const inExperimental = (path: string) => experimental !== undefined && schemaAt(experimental.schema, parsePath(path)) !== undefined;
  const { findings } = checkStructure(object, found, gatewayApiFileKey(channel), (path) => (inExperimental(path) ? {
    code: SchemaCodes.NOT_IN_CHANNEL,
    message: `on the Gateway API standard channel (it is a field of the experimental channel; Gateway API ${GATEWAY_API_RELEASE})`,
    hint: 'install the experimental channel\'s CRDs and set gatewayApiChannel: experimental (IstioSettings, or --gateway-api-channel experimental), or remove the field',
  } : undefined));
  return withResource(object, findings);
}

function unknownGatewayApiKind(object: KubeObject, channel: GatewayApiChannel): Finding {
  const [group, version] = object.apiVersion.split('/');
  const err = (path: string, message: string, hint?: string, code: string = SchemaCodes.UNKNOWN_KIND): Finding => ({
    severity: Severity.ERROR, code, path, message, hint,
  });
  if (channel === GatewayApiChannel.STANDARD && findGatewayApiKind(GatewayApiChannel.EXPERIMENTAL, object.apiVersion, object.kind)) {
    return err('apiVersion', `${object.kind} ${object.apiVersion} is only served by the Gateway API experimental channel, and the cluster has the standard channel's CRDs (Gateway API ${GATEWAY_API_RELEASE})`,
      'install the experimental channel\'s CRDs and set gatewayApiChannel: experimental (IstioSettings, or --gateway-api-channel experimental)'
      + (findGatewayApiKind(channel, `${group}/v1`, object.kind) ? `, or use apiVersion: ${group}/v1` : ''), SchemaCodes.NOT_IN_CHANNEL);
  }
  const served = gatewayApiServedKinds(channel).map((k) => {
    const [g, v, kind] = k.split('/');
    return { group: g, version: v, kind };
  });
  const sameKind = served.filter((s) => s.kind === object.kind);
  if (sameKind.length && !sameKind.some((s) => s.group === group)) {
    return err('apiVersion', `${object.kind} is not a kind of ${group}: it belongs to ${sameKind[0].group}`, `use apiVersion: ${sameKind[0].group}/${sameKind[0].version}`);
  }
  if (sameKind.length) {
    return err('apiVersion', `${group} ${version ?? '(no version)'} does not serve ${object.kind} on the Gateway API ${channel} channel; served versions: ${sameKind.map((s) => s.version).join(', ')}`,
      `use apiVersion: ${sameKind[0].group}/${sameKind[0].version}`);
  }
  const inGroup = [...new Set(served.filter((s) => s.group === group).map((s) => s.kind))];
  const guess = closest(object.kind, [...new Set(served.map((s) => s.kind))]);
  return err('kind', `unknown kind "${object.kind}" in ${group} (Gateway API ${GATEWAY_API_RELEASE}, ${channel} channel)${inGroup.length ? `; its kinds are ${inGroup.join(', ')}` : ''}`,
    guess ? `did you mean "${guess}"?` : undefined);
}

/**
 * The key fields of entries reported as duplicates: the webhook's "port name already defined" is
 * the same problem as the CRD's duplicate list-map key (the API server rejects it first).
 */
function duplicateKeyPaths(findings: readonly Finding[], root: CrdSchema): string[] {
  return findings.filter((f) => f.code === SchemaCodes.DUPLICATE).flatMap((f) => {
    const entry = parsePath(f.path);
    const keys = schemaAt(root, entry.slice(0, -1))?.['x-kubernetes-list-map-keys'] ?? [];
    return keys.map((k) => childPath(f.path, k));
  });
}

function withResource(object: KubeObject, findings: Finding[]): Finding[] {
  if (findings.length === 0) return findings;
  const resource = resourceRefOf(object);
  return findings.map((f) => (f.resource ? f : { ...f, resource }));
}

/**
 * Drops `null` values of non-nullable fields, as the API server prunes them before validating.
 * Values without such nulls (nearly all) are returned as they are, not copied.
 */
function pruneNulls(value: unknown, schema: CrdSchema | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = pruneNulls(value[i], schema?.items);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  const extra = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  let out: Record<string, unknown> | undefined;
  const entries = Object.entries(value);
  for (let i = 0; i < entries.length; i++) {
    const [key, v] = entries[i];
    const s = schema?.properties?.[key] ?? extra;
    const pruned = v === null && !s?.nullable ? PRUNED : pruneNulls(v, s);
    if (pruned === v && !out) continue;
    // The first change: copy the keys kept so far, then go on copying.
    out ??= Object.fromEntries(entries.slice(0, i));
    if (pruned !== PRUNED) out[key] = pruned;
  }
  return out ?? value;
}

const PRUNED = Symbol('pruned');

function unknownKind(object: KubeObject, istioVersion: IstioVersion): Finding {
  const [group, version] = object.apiVersion.split('/');
  const served = servedKinds(istioVersion).map((k) => {
    const [g, v, kind] = k.split('/');
    return { group: g, version: v, kind };
  });
  const err = (message: string, hint?: string): Finding => ({
    severity: Severity.ERROR, code: SchemaCodes.UNKNOWN_KIND, path: hint?.startsWith('use apiVersion') ? 'apiVersion' : 'kind', message, hint,
  });
  const sameKind = served.filter((s) => s.kind === object.kind);
  const preferred = (list: typeof served) => `${list[0].group}/${list[0].version}`;
  if (sameKind.length && !sameKind.some((s) => s.group === group)) {
    return err(`${object.kind} is not a kind of ${group}: it belongs to ${sameKind[0].group}`,
      `use apiVersion: ${preferred(sameKind)}`);
  }
  if (sameKind.length) {
    const versions = sameKind.map((s) => s.version);
    return err(`${group} ${version ?? '(no version)'} does not serve ${object.kind} in Istio ${istioVersion}; served versions: ${versions.join(', ')}`,
      `use apiVersion: ${preferred(sameKind)}`);
  }
  const newer = newerThan(istioVersion)
    .find((v) => servedKinds(v).some((k) => k.endsWith(`/${object.kind}`) && k.startsWith(`${group}/`)));
  if (newer) {
    return err(`${object.kind} is not served by Istio ${istioVersion} (it was added in Istio ${newer})`,
      `target Istio ${newer} or newer (IstioSettings istioVersion, or --istio-version)`);
  }
  const inGroup = [...new Set(served.filter((s) => s.group === group).map((s) => s.kind))];
  const guess = closest(object.kind, [...new Set(served.map((s) => s.kind))]);
  return err(`unknown kind "${object.kind}" in ${group} (Istio ${istioVersion}); its kinds are ${inGroup.join(', ')}`,
    guess ? `did you mean "${guess}"?` : undefined);
}

/** Which newer release (after the targeted one) has a field at `path` of this kind, if any. */
function newerReleaseWith(target: IstioVersion, apiVersion: string, kind: string, path: string): string | undefined {
  for (const v of newerThan(target)) {
    const found = findKind(v, apiVersion, kind);
    if (found && schemaAt(found.schema, parsePath(path))) return v;
  }
  return undefined;
}

function newerThan(version: IstioVersion): IstioVersion[] {
  return SUPPORTED_ISTIO_VERSIONS.slice(SUPPORTED_ISTIO_VERSIONS.indexOf(version) + 1);
}

function schemaAt(schema: CrdSchema, segments: ReadonlyArray<string | number>): CrdSchema | undefined {
  let node: CrdSchema | undefined = schema;
  for (const seg of segments) {
    if (!node) return undefined;
    if (typeof seg === 'number') node = node.items;
    else node = node.properties?.[seg] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node;
}
