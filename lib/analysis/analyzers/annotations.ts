import { Analyzer } from '../analyzer';
import { ISTIO_ANNOTATIONS } from '../annotations-table';
import { AnalysisContext, GK } from '../context';

const BY_NAME = new Map(ISTIO_ANNOTATIONS.map((a) => [a.name, a]));
/** Set by Istio itself: never reported. */
const ALWAYS_IGNORED = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

function uint(value: string, bits: number): boolean {
  return /^\d+$/.test(value) && Number(value) < 2 ** bits;
}

function ports(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const bad = trimmed.split(',').find((p) => !uint(p.trim(), 16));
  return bad === undefined ? undefined : `failed parsing port '${bad}'`;
}

function cidrs(value: string): string | undefined {
  if (value === '') return undefined;
  const bad = value.split(',').find((c) => {
    const m = /^([0-9a-fA-F.:]+)\/(\d+)$/.exec(c);
    if (!m) return true;
    const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(m[1]);
    if (v4 && m[1].split('.').some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return true;
    if (!v4 && !m[1].includes(':')) return true;
    return Number(m[2]) > (v4 ? 32 : 128);
  });
  return bad === undefined ? undefined : `failed parsing cidr '${bad}'`;
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$/;
const BOOL = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Value checks of the annotations Istio's injector validates (`pkg/kube/inject/validate.go`): a problem, or undefined. */
const VALIDATION: Readonly<Record<string, (value: string) => string | undefined>> = {
  'sidecar.istio.io/interceptionMode': (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`),
  'status.sidecar.istio.io/port': (v) => (uint(v.trim(), 16) ? undefined : `excludeInboundPorts invalid: failed parsing port '${v}'`),
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) => (uint(v, 32) ? undefined : `strconv.ParseUint: parsing "${v}": invalid syntax`),
  'readiness.status.sidecar.istio.io/periodSeconds': (v) => (uint(v, 32) ? undefined : `strconv.ParseUint: parsing "${v}": invalid syntax`),
  'readiness.status.sidecar.istio.io/failureThreshold': (v) => (uint(v, 32) ? undefined : `strconv.ParseUint: parsing "${v}": invalid syntax`),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) => (v === '*' ? undefined : cidrs(v) && `includeIPRanges invalid: ${cidrs(v)}`),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => cidrs(v) && `excludeIPRanges invalid: ${cidrs(v)}`,
  'traffic.sidecar.istio.io/includeInboundPorts': (v) => (v === '*' ? undefined : ports(v) && `includeInboundPorts invalid: ${ports(v)}`),
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => ports(v) && `excludeInboundPorts invalid: ${ports(v)}`,
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) => ports(v) && `excludeOutboundPorts invalid: ${ports(v)}`,
  'prometheus.istio.io/merge-metrics': (v) => (BOOL.has(v) ? undefined : `strconv.ParseBool: parsing "${v}": invalid syntax`),
  'sidecar.istio.io/proxyCPU': (v) => (QUANTITY.test(v) ? undefined : 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''),
  'sidecar.istio.io/proxyMemory': (v) => (QUANTITY.test(v) ? undefined : 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''),
  'sidecar.istio.io/proxyCPULimit': (v) => (QUANTITY.test(v) ? undefined : 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''),
  'sidecar.istio.io/proxyMemoryLimit': (v) => (QUANTITY.test(v) ? undefined : 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''),
};

/** Whether an annotation is Istio's to check (`*istio.io/...`, and `kubernetes.io/ingress.class`). */
function istioAnnotation(name: string): boolean {
  return name === 'kubernetes.io/ingress.class' || name.split('/')[0].endsWith('istio.io');
}

/**
 * IST0108 unknown, IST0107 misplaced, IST0125 invalid and IST0135 deprecated Istio annotations on Namespaces,
 * Services, Pods and Deployments (Istio's `annotations.K8sAnalyzer`). A Deployment's own annotations are checked,
 * not its pod template's: sidecar annotations on the Deployment are the classic misplacement.
 */
export const annotationsAnalyzer: Analyzer = {
  name: 'annotations.K8sAnalyzer',
  description: 'Checks for misplaced and invalid Istio annotations in Kubernetes resources',
  codes: ['IST0107', 'IST0108', 'IST0125', 'IST0135'],
  analyze(ctx: AnalysisContext): void {
    for (const gk of [GK.Namespace, GK.Service, GK.Pod, GK.Deployment]) {
      for (const r of ctx.list(gk)) {
        for (const [name, value] of Object.entries(r.annotations)) {
          if (!istioAnnotation(name) || ALWAYS_IGNORED.has(name)) continue;
          const path = `metadata.annotations.${name}`;
          const def = BY_NAME.get(name);
          if (!def) {
            ctx.report(r, 'IST0108', [name], path, 'Check the spelling against https://istio.io/latest/docs/reference/config/annotations/.');
            continue;
          }
          if (def.deprecated && !(name === 'sidecar.istio.io/inject' && r.labels['sidecar.istio.io/inject'] !== undefined)) {
            ctx.report(r, 'IST0135', [name, name === 'sidecar.istio.io/inject' ? ' in favor of the "sidecar.istio.io/inject" label' : ''], path);
          }
          if (def.resources.includes('Any')) continue;
          if (!def.resources.includes(r.kind)) {
            ctx.report(r, 'IST0107', [name, def.resources.join(', ')], path,
              r.kind === 'Deployment' && def.resources.includes('Pod') ? 'Put it on the pod template: spec.template.metadata.annotations.' : undefined);
            continue;
          }
          const problem = VALIDATION[name]?.(value);
          if (problem) ctx.report(r, 'IST0125', [name, problem], path);
        }
      }
    }
  },
};
