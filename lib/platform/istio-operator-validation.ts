import type { ErrorObject, ValidateFunction } from 'ajv';
import { BUILT_IN_PROVIDER_NAMES } from './extension-provider';
import { Finding, resourceRefOf, ResourceRef, Severity } from '../vocab/finding';
import { arr, asObj, entriesOf, isObj, JsonObject, obj, objs } from '../vocab/json';
import { readSchemaError } from '../vocab/schema-error';
import { closest } from '../vocab/suggest';

/**
 * Finding codes of the IstioOperator checks (CIS60xx).
 *
 * - CIS6001 unknown field; CIS6002 wrong type; CIS6003 value not allowed (enum, pattern, range);
 *   CIS6004 missing required field; CIS6009 an Istio field cdk8s-istio does not model (use `addOverride`).
 * - CIS6005 inconsistent autoscaling; CIS6006 a gateway port that needs root;
 *   CIS6007 replicaCount set while an HPA scales the component (warning, as istioctl);
 *   CIS6008 extension provider without exactly one backend, or a duplicate name;
 *   CIS6010 a default provider that no extension provider defines (warning).
 * - CIS6401 ambient mode without ztunnel or the istio-cni node agent.
 */
export const ISTIO_OPERATOR_CODES = {
  UNKNOWN_FIELD: 'CIS6001',
  WRONG_TYPE: 'CIS6002',
  INVALID_VALUE: 'CIS6003',
  MISSING_FIELD: 'CIS6004',
  AUTOSCALING: 'CIS6005',
  PRIVILEGED_PORT: 'CIS6006',
  REPLICAS_WITH_HPA: 'CIS6007',
  EXTENSION_PROVIDER: 'CIS6008',
  UNMODELLED_FIELD: 'CIS6009',
  UNKNOWN_PROVIDER: 'CIS6010',
  AMBIENT_COMPONENTS: 'CIS6401',
} as const;

/** Profiles that install ztunnel and the CNI node agent (manifests/profiles/{ambient,openshift-ambient}.yaml). */
const AMBIENT_PROFILES = new Set(['ambient', 'openshift-ambient']);
/** Profiles that install the CNI node agent (manifests/profiles/openshift*.yaml too). */
const CNI_PROFILES = new Set([...AMBIENT_PROFILES, 'openshift']);

/** Profiles people ask for that do not exist, with what to use instead. */
const PROFILE_HINTS: Record<string, string> = {
  production: 'there is no `production` profile: `default` is the profile for production',
  external: 'the `external` profile was removed: a cluster managed by another control plane uses `remote`',
};

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // ajv loads on first use: importing the library must stay cheap (issue 21).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false });
    // `x-unmodelled`: Istio fields at that place that cdk8s-istio does not model (the types' `@unmodelled` tags).
    ajv.addVocabulary(['x-unmodelled']);
    // Generated from the types of istio-operator-spec.ts (`npx projen gen-operator-schema`).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    compiled = ajv.compile(require('./istio-operator-schema.json'));
  }
  return compiled;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** Hints for fields the Istio guide our users learned from puts in the wrong place. */
function knownMistake(field: string, path: string): string | undefined {
  if (field === 'targetAverageUtilization' && /hpaSpec\.metrics\[\d+\]\.resource$/.test(path)) {
    return 'autoscaling/v2 has no targetAverageUtilization (that was v2beta1): write `target: { type: Utilization, averageUtilization: 80 }` '
      + '(HpaMetric.cpuUtilization(80)), or set values.pilot.cpu.targetAverageUtilization for the chart\'s own HPA';
  }
  return undefined;
}

function schemaFinding(ajvError: ErrorObject, object: unknown, resource: ResourceRef | undefined): Finding {
  const e = readSchemaError(ajvError, object);
  const { path } = e;
  const base = { severity: Severity.ERROR, resource };
  switch (e.keyword) {
    case 'additionalProperties': {
      const { name: field, path: fieldPath } = e.field!;
      const parent = (e.parentSchema ?? {}) as { 'properties'?: Record<string, unknown>; 'x-unmodelled'?: string[] };
      if (parent['x-unmodelled']?.includes(field)) {
        return {
          ...base,
          code: ISTIO_OPERATOR_CODES.UNMODELLED_FIELD,
          path: fieldPath,
          message: `'${field}' is an IstioOperator field that cdk8s-istio does not model or check`,
          hint: `pass it through unchecked with addOverride('${fieldPath}', value)`,
        };
      }
      const known = Object.keys(parent.properties ?? {});
      const guess = closest(field, [...known, ...parent['x-unmodelled'] ?? []]);
      return {
        ...base,
        code: ISTIO_OPERATOR_CODES.UNKNOWN_FIELD,
        path: fieldPath,
        message: `unknown field '${field}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
        hint: knownMistake(field, path) ?? (!guess && known.length ? `known fields here: ${known.join(', ')}` : undefined),
      };
    }
    case 'type': {
      const expected = e.types!.join(' or ');
      return { ...base, code: ISTIO_OPERATOR_CODES.WRONG_TYPE, path, message: `must be ${expected}, not ${typeOf(e.data)}` };
    }
    case 'required': {
      return { ...base, code: ISTIO_OPERATOR_CODES.MISSING_FIELD, path: e.field!.path, message: `'${e.field!.name}' is required` };
    }
    case 'enum': {
      const allowed = e.allowed!.map(String);
      const value = String(e.data);
      const guess = closest(value, allowed);
      return {
        ...base,
        code: ISTIO_OPERATOR_CODES.INVALID_VALUE,
        path,
        message: `${show(e.data)} is not one of ${allowed.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}`,
        hint: path === 'spec.profile' ? PROFILE_HINTS[value] : undefined,
      };
    }
    case 'const':
      return { ...base, code: ISTIO_OPERATOR_CODES.INVALID_VALUE, path, message: `must be ${show(e.allowed![0])}` };
    default:
      return { ...base, code: ISTIO_OPERATOR_CODES.INVALID_VALUE, path, message: `${show(e.data)} ${e.message ?? 'is not allowed'}` };
  }
}


function checkHpa(hpa: unknown, path: string, out: Omit<Finding, 'severity' | 'resource'>[]): void {
  if (!isObj(hpa)) return;
  if (typeof hpa.minReplicas === 'number' && typeof hpa.maxReplicas === 'number' && hpa.minReplicas > hpa.maxReplicas) {
    out.push({ code: ISTIO_OPERATOR_CODES.AUTOSCALING, path: `${path}.minReplicas`, message: `minReplicas (${hpa.minReplicas}) is above maxReplicas (${hpa.maxReplicas})` });
  }
  for (const [m, i] of objs(hpa.metrics)) {
    const mp = `${path}.metrics[${i}]`;
    const resource = asObj(m.resource);
    if (m.type === 'Resource' && !resource) {
      out.push({ code: ISTIO_OPERATOR_CODES.AUTOSCALING, path: `${mp}.resource`, message: 'a Resource metric needs `resource: { name, target }`' });
    }
    const target = asObj(resource?.target);
    if (!target) continue;
    const needs: Record<string, string> = { Utilization: 'averageUtilization', AverageValue: 'averageValue', Value: 'value' };
    const field = needs[target.type as string];
    if (field && target[field] === undefined) {
      out.push({ code: ISTIO_OPERATOR_CODES.AUTOSCALING, path: `${mp}.resource.target.${field}`, message: `a target of type ${target.type} needs '${field}'` });
    }
  }
}

/** Semantic checks on a spec that passed the schema (the checks istioctl makes, plus consistency). */
function semanticChecks(spec: JsonObject): Finding[] {
  const errors: Omit<Finding, 'severity' | 'resource'>[] = [];
  const warnings: Omit<Finding, 'severity' | 'resource'>[] = [];
  const components = obj(spec.components);
  const values = obj(spec.values);
  const gatewayValues = (name: string): JsonObject => obj(obj(values.gateways)[name]);

  for (const key of ['pilot', 'cni', 'ztunnel', 'istiodRemote']) {
    checkHpa(obj(obj(components[key]).k8s).hpaSpec, `spec.components.${key}.k8s.hpaSpec`, errors);
  }
  for (const [list, chart] of [['ingressGateways', 'istio-ingressgateway'], ['egressGateways', 'istio-egressgateway']] as const) {
    const runAsRoot = gatewayValues(chart).runAsRoot === true;
    const autoscale = gatewayValues(chart).autoscaleEnabled === true;
    for (const [gw, i] of objs(components[list])) {
      const k8s = asObj(gw.k8s);
      if (!k8s) continue;
      const gp = `spec.components.${list}[${i}].k8s`;
      checkHpa(k8s.hpaSpec, `${gp}.hpaSpec`, errors);
      if (autoscale && typeof k8s.replicaCount === 'number' && k8s.replicaCount !== 0) {
        warnings.push({
          code: ISTIO_OPERATOR_CODES.REPLICAS_WITH_HPA,
          path: `${gp}.replicaCount`,
          message: `replicaCount of gateway '${gw.name}' is ignored while values.gateways.${chart}.autoscaleEnabled is true`,
        });
      }
      const service = asObj(k8s.service);
      if (runAsRoot || !service) continue;
      // istioctl's checkServicePorts: a target port under 1024 needs root.
      for (const [p, j] of objs(service.ports)) {
        if (typeof p.port !== 'number' || typeof p.targetPort === 'string') continue;
        const target = typeof p.targetPort === 'number' ? p.targetPort : 0;
        if (target === 0 && p.port > 1024) continue;
        if (target < 1024) {
          errors.push({
            code: ISTIO_OPERATOR_CODES.PRIVILEGED_PORT,
            path: `${gp}.service.ports[${j}].targetPort`,
            message: `port ${p.port} of gateway '${gw.name}' targets ${target || p.port}, which needs root`,
            hint: `set targetPort above 1024 (e.g. ${p.port === 443 ? 8443 : 8080}), or values.gateways.${chart}.runAsRoot: true`,
          });
        }
      }
    }
  }
  const pilotValues = obj(values.pilot);
  const pilotK8s = obj(obj(components.pilot).k8s);
  if (pilotValues.autoscaleEnabled === true && typeof pilotK8s.replicaCount === 'number' && pilotK8s.replicaCount > 1) {
    warnings.push({
      code: ISTIO_OPERATOR_CODES.REPLICAS_WITH_HPA,
      path: 'spec.components.pilot.k8s.replicaCount',
      message: 'replicaCount is ignored while values.pilot.autoscaleEnabled is true',
    });
  }

  errors.push(...ambientChecks(spec, components));

  const mesh = obj(spec.meshConfig);
  const names = new Set<unknown>(BUILT_IN_PROVIDER_NAMES);
  const seen = new Set<unknown>();
  for (const [p, i] of objs(mesh.extensionProviders)) {
    const backends = Object.keys(p).filter((k) => k !== 'name');
    if (backends.length !== 1) {
      errors.push({
        code: ISTIO_OPERATOR_CODES.EXTENSION_PROVIDER,
        path: `spec.meshConfig.extensionProviders[${i}]`,
        message: `extension provider '${p.name}' must set exactly one backend, found ${backends.length ? backends.join(', ') : 'none'}`,
      });
    }
    if (seen.has(p.name)) {
      errors.push({ code: ISTIO_OPERATOR_CODES.EXTENSION_PROVIDER, path: `spec.meshConfig.extensionProviders[${i}].name`, message: `extension provider '${p.name}' is defined twice` });
    }
    seen.add(p.name);
    names.add(p.name);
  }
  for (const [kind, list] of entriesOf(mesh.defaultProviders)) {
    arr(list).forEach((name, i) => {
      if (typeof name === 'string' && !names.has(name)) {
        warnings.push({
          code: ISTIO_OPERATOR_CODES.UNKNOWN_PROVIDER,
          path: `spec.meshConfig.defaultProviders.${kind}[${i}]`,
          message: `no extension provider is named '${name}'`,
          hint: `declare it in meshConfig.extensionProviders (built in: ${BUILT_IN_PROVIDER_NAMES.join(', ')})`,
        });
      }
    });
  }
  return [
    ...errors.map((f) => ({ ...f, severity: Severity.ERROR })),
    ...warnings.map((f) => ({ ...f, severity: Severity.WARNING })),
  ];
}

/** CIS6401: ztunnel needs the CNI node agent (which redirects ambient pods' traffic to it); the ambient profile needs both. */
function ambientChecks(spec: JsonObject, components: JsonObject): Omit<Finding, 'severity' | 'resource'>[] {
  const profile = typeof spec.profile === 'string' ? spec.profile : 'default';
  const enabled = (name: string): boolean | undefined => {
    const value = obj(components[name]).enabled;
    return typeof value === 'boolean' ? value : undefined;
  };
  const ztunnel = enabled('ztunnel') ?? AMBIENT_PROFILES.has(profile);
  const cni = enabled('cni') ?? CNI_PROFILES.has(profile);
  const out: Omit<Finding, 'severity' | 'resource'>[] = [];
  if (AMBIENT_PROFILES.has(profile) && !ztunnel) {
    out.push({
      code: ISTIO_OPERATOR_CODES.AMBIENT_COMPONENTS,
      path: 'spec.components.ztunnel.enabled',
      message: `the ${profile} profile with ztunnel disabled: pods of ambient namespaces get no mTLS and no policy`,
      hint: 'remove enabled: false, or use a sidecar profile such as default',
    });
  } else if (ztunnel && !cni) {
    out.push({
      code: ISTIO_OPERATOR_CODES.AMBIENT_COMPONENTS,
      path: 'spec.components.cni.enabled',
      message: 'ztunnel is installed without the istio-cni node agent, which redirects the traffic of ambient pods to it',
      hint: 'enable components.cni (the ambient profile does)',
    });
  }
  return out;
}

/**
 * Checks an IstioOperator object (plain data, e.g. read from YAML) against the fields cdk8s-istio
 * models: unknown fields, wrong types and disallowed values are errors with their path, plus the
 * semantic checks istioctl makes (privileged gateway ports, replicas with an HPA). `spec.unvalidatedValues`
 * is not looked into, as in Istio.
 */
export function validateIstioOperator(object: unknown): Finding[] {
  const resource = isObj(object) ? resourceRefOf(object) : undefined;
  const validate = schemaValidator();
  const findings: Finding[] = [];
  if (!validate(object)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      const f = schemaFinding(e, object, resource);
      const key = `${f.code} ${f.path}`;
      if (!seen.has(key)) findings.push(f);
      seen.add(key);
    }
  }
  if (isObj(object) && isObj(object.spec)) {
    findings.push(...semanticChecks(object.spec).map((f) => ({ ...f, resource })));
  }
  return findings;
}
