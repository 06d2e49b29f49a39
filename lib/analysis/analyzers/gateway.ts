import { X509Certificate } from 'crypto';
import { num, obj, objs, str, strMap, strs } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, CERT_MANAGER_CERTIFICATE, GK, PodView, Resource } from '../context';
import { parseSelectorString, selectorMatches, selectorString } from '../labels';

/** The ports of the Services that select a pod: target ports, and service port -> target port. */
interface PodServicePorts {
  readonly ports: ReadonlySet<number>;
  readonly mapping: ReadonlyMap<number, number>;
}

/** A Service's `targetPort` as Kubernetes' `IntOrString.IntValue()`: a number, a numeric string, or 0. */
function intValue(targetPort: unknown): number {
  if (typeof targetPort === 'number') return targetPort;
  return typeof targetPort === 'string' && /^\d+$/.test(targetPort) ? Number(targetPort) : 0;
}

/**
 * IST0101 when a Gateway's selector matches no pod, as long as the set defines workloads and is the whole mesh: a
 * gateway selector matches pods of any namespace, so in an open world its pods may always be outside the set.
 */
function reportNoGatewayPods(ctx: AnalysisContext, gw: Resource, selector: string): void {
  if (!ctx.hasWorkloads || !ctx.assumeCompleteMesh) return;
  ctx.report(gw, 'IST0101', ['selector', selector], 'spec.selector',
    'No gateway pod or deployment has these labels: fix the selector, or deploy the gateway it names.');
}

/**
 * IST0101 when a Gateway's selector matches no pod, IST0162 when its port is not on the pods' Service (Istio's
 * `gateway.IngressGatewayPortAnalyzer`). The default ingress gateway is assumed; other gateway workloads are only
 * looked for when the set defines workloads (otherwise they are deployed elsewhere, e.g. by an Istio install).
 */
export const ingressGatewayPortAnalyzer: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  description: "Checks a gateway's ports against the gateway's Kubernetes service ports",
  codes: ['IST0101', 'IST0162'],
  analyze(ctx: AnalysisContext): void {
    const servicesByNs = new Map<string, Resource[]>();
    for (const svc of ctx.list(GK.Service)) {
      const list = servicesByNs.get(svc.namespace) ?? [];
      list.push(svc);
      servicesByNs.set(svc.namespace, list);
    }
    const cache = new Map<PodView, PodServicePorts>();
    const portsOf = (pod: PodView): PodServicePorts => {
      let result = cache.get(pod);
      if (result) return result;
      const ports = new Set<number>();
      const mapping = new Map<number, number>();
      for (const svc of servicesByNs.get(pod.namespace) ?? []) {
        if (!selectorMatches(strMap(svc.spec.selector), pod.labels)) continue;
        for (const [port] of objs(svc.spec.ports)) {
          // Kubernetes defaults the protocol to TCP.
          if ((str(port.protocol) || 'TCP') !== 'TCP') continue;
          const tp = intValue(port.targetPort);
          if (tp !== 0) {
            ports.add(tp);
            if (!mapping.has(num(port.port))) mapping.set(num(port.port), tp);
          } else {
            ports.add(num(port.port));
          }
        }
      }
      cache.set(pod, result = { ports, mapping });
      return result;
    };
    for (const gw of ctx.list(GK.Gateway)) {
      const selector = strMap(gw.spec.selector);
      const pods = ctx.podsMatching(selector);
      if (pods.length === 0) {
        // Without workloads in the set, the gateway is deployed elsewhere (an install, a Helm chart): nothing to check.
        reportNoGatewayPods(ctx, gw, selectorString(selector));
        continue;
      }
      // In an open world, the Service of gateway pods in a namespace where the set defines no Service is not in the set.
      if (pods.some((p) => !p.source.synthetic && !ctx.reportsMissing('Service', p.namespace))) continue;
      const ports = new Set<number>();
      const mapped = new Set<number>();
      for (const pod of pods) {
        const p = portsOf(pod);
        p.ports.forEach((n) => ports.add(n));
        p.mapping.forEach((_, n) => mapped.add(n));
      }
      for (const [server, i] of objs(gw.spec.servers)) {
        if (server.port === undefined || server.port === null) continue;
        const number = num(obj(server.port).number);
        if (!ports.has(number) && !mapped.has(number)) {
          ctx.report(gw, 'IST0162', [number, selectorString(selector)], `spec.servers[${i}].port.number`,
            "Expose this port on the gateway's Service, or listen on a port the Service has.");
        }
      }
    }
  },
};

/** Hosts of one gateway's server on a selector and port, with their bind address. */
type HostsBind = Map<string, string>;

/**
 * IST0145 when Gateways on the same workloads claim the same host on the same port (Istio's
 * `gateway.ConflictingGatewayAnalyzer`), with hosts indexed so that gateways are never compared pairwise.
 */
export const conflictingGatewayAnalyzer: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  description: "Checks a gateway's selector, port number and hosts",
  codes: ['IST0101', 'IST0145'],
  analyze(ctx: AnalysisContext): void {
    // selector~port -> gateway -> hosts of its (last) server there, and selector~port -> host|bind -> gateways.
    const byKey = new Map<string, Map<string, HostsBind>>();
    const portsBySelector = new Map<string, Set<string>>();
    for (const gw of ctx.list(GK.Gateway)) {
      const sel = selectorString(strMap(gw.spec.selector));
      for (const [server] of objs(gw.spec.servers)) {
        const port = String(num(obj(server.port).number));
        const key = `${sel}~${port}`;
        let gws = byKey.get(key);
        if (!gws) byKey.set(key, gws = new Map());
        const hb: HostsBind = new Map();
        for (const h of strs(server.hosts)) hb.set(h, str(server.bind));
        gws.set(gw.fullName, hb);
        let ports = portsBySelector.get(sel);
        if (!ports) portsBySelector.set(sel, ports = new Set());
        ports.add(port);
      }
    }
    const hostIndex = new Map<string, Map<string, string[]>>();
    for (const [key, gws] of byKey) {
      const idx = new Map<string, string[]>();
      for (const [name, hb] of gws) {
        for (const [h, bind] of hb) {
          const k = `${h}|${bind}`;
          const list = idx.get(k) ?? [];
          list.push(name);
          idx.set(k, list);
        }
      }
      hostIndex.set(key, idx);
    }
    // Selectors of gateways (with servers) that match each pod, to find overlapping selectors through pods.
    const selectorsByPod = new Map<PodView, string[]>();
    for (const sel of portsBySelector.keys()) {
      for (const pod of ctx.podsMatching(parseSelectorString(sel))) {
        const list = selectorsByPod.get(pod) ?? [];
        list.push(sel);
        selectorsByPod.set(pod, list);
      }
    }
    const hitCache = new Map<string, string[]>();
    const hits = (sel: string): string[] => {
      let result = hitCache.get(sel);
      if (result) return result;
      const found = new Set<string>();
      if (portsBySelector.has(sel)) found.add(sel);
      const selector = parseSelectorString(sel);
      for (const pod of ctx.podsMatching(selector)) {
        for (const other of selectorsByPod.get(pod) ?? []) {
          if (other.includes(sel) || sel.includes(other)) found.add(other);
        }
      }
      hitCache.set(sel, result = [...found]);
      return result;
    };
    for (const gw of ctx.list(GK.Gateway)) {
      const sel = selectorString(strMap(gw.spec.selector));
      const hit = hits(sel);
      if (sel !== '' && hit.length === 0) {
        reportNoGatewayPods(ctx, gw, sel);
        continue;
      }
      for (const [server, i] of objs(gw.spec.servers)) {
        const port = String(num(obj(server.port).number));
        const bind = str(server.bind);
        const conflicts = new Set<string>();
        for (const other of hit) {
          const idx = hostIndex.get(`${other}~${port}`);
          if (!idx) continue;
          for (const h of strs(server.hosts)) {
            for (const name of idx.get(`${h}|${bind}`) ?? []) if (name !== gw.fullName) conflicts.add(name);
          }
        }
        if (conflicts.size > 0) {
          ctx.report(gw, 'IST0145', [[...conflicts].sort().join(','), sel, port, strs(server.hosts).join(',')], `spec.servers[${i}]`,
            'Serve each host and port from one Gateway per gateway workload, or give the servers different hosts.');
        }
      }
    }
  },
};

/** Whether two servers' TLS settings use the same certificate (Istio's `haveSameCertificate`). */
function certificateKey(tls: Record<string, unknown>): string {
  const cn = str(tls.credentialName);
  if (cn) return `credential:${cn}`;
  const cert = str(tls.serverCertificate);
  const key = str(tls.privateKey);
  return cert && key ? `files:${cert}|${key}` : '';
}

/** Whether every label of `x` is in `y` with the same value (Istio's `selectorSubset`). */
function selectorSubset(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.keys(x).every((k) => k in y && y[k] === x[k]);
}

/** IST0138 when Gateways on the same workloads serve the same certificate (Istio's `gateway.CertificateAnalyzer`). */
export const certificateAnalyzer: Analyzer = {
  name: 'gateway.CertificateAnalyzer',
  description: 'Checks a gateway certificate',
  codes: ['IST0138'],
  analyze(ctx: AnalysisContext): void {
    const byCert = new Map<string, Resource[]>();
    for (const gw of ctx.list(GK.Gateway)) {
      const keys = new Set<string>();
      for (const [server] of objs(gw.spec.servers)) {
        if (server.tls === undefined || server.tls === null) continue;
        const key = certificateKey(obj(server.tls));
        if (key) keys.add(key);
      }
      for (const key of keys) {
        const list = byCert.get(key) ?? [];
        list.push(gw);
        byCert.set(key, list);
      }
    }
    for (const gws of byCert.values()) {
      if (gws.length < 2) continue;
      for (const gw of gws) {
        const selector = strMap(gw.spec.selector);
        for (const other of gws) {
          if (other === gw || !selectorSubset(selector, strMap(other.spec.selector))) continue;
          ctx.report(gw, 'IST0138', [[gw.fullName, other.fullName]], '',
            'Use a distinct certificate per Gateway, or merge the Gateways, so that clients reusing HTTP/2 connections get no 404s.');
        }
      }
    }
  },
};

/** The problem with a TLS Secret's certificate (Istio's `ExtractCertInfo` + `ValidateCertificate`), or undefined. */
export function secretProblem(secret: Resource, now: Date = new Date()): string | undefined {
  const data: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(obj(secret.object.data))) if (typeof v === 'string') data[k] = Buffer.from(v, 'base64');
  for (const [k, v] of Object.entries(obj(secret.object.stringData))) if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8');
  const pair = [['cert', 'key'], ['tls.crt', 'tls.key']].find(([c, k]) => data[c]?.length && data[k]?.length);
  if (!pair) return 'the Secret has no non-empty cert/key or tls.crt/tls.key';
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(data[pair[0]].toString('utf8'));
  if (!pem) return 'pem decode failed';
  try {
    const cert = new X509Certificate(pem[0]);
    if (now > new Date(cert.validTo) || now < new Date(cert.validFrom)) return 'certificate is expired or not yet valid';
  } catch (e) {
    return `the certificate does not parse: ${(e as Error).message}`;
  }
  return undefined;
}

/**
 * IST0101 when a Gateway's credentialName names no Secret in the gateway's namespace, IST0161 when the Secret
 * holds no valid certificate (Istio's `gateway.SecretAnalyzer`). Runs when the set defines Secrets (or
 * cert-manager Certificates, whose secretName counts as a valid Secret).
 */
export const secretAnalyzer: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  description: "Checks a gateway's referenced secrets for correctness",
  codes: ['IST0101', 'IST0161', 'CIS5030'],
  analyze(ctx: AnalysisContext): void {
    const certificates = ctx.list(CERT_MANAGER_CERTIFICATE);
    if (ctx.list(GK.Secret).length === 0 && certificates.length === 0) return;
    const issued = new Set(certificates.map((c) => `${c.namespace}/${str(c.spec.secretName)}`));
    for (const gw of ctx.list(GK.Gateway)) {
      const selector = strMap(gw.spec.selector);
      const pods = ctx.podsMatching(selector);
      const pod = pods.find((p) => !p.source.synthetic) ?? pods[0];
      if (!pod) {
        reportNoGatewayPods(ctx, gw, selectorString(selector));
        continue;
      }
      for (const [server, i] of objs(gw.spec.servers)) {
        const cn = str(obj(server.tls).credentialName);
        if (!cn) continue;
        const name = cn.includes('/') ? cn : `${pod.namespace}/${cn}`;
        if (issued.has(name)) continue;
        const secret = ctx.find(GK.Secret, name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1));
        const path = `spec.servers[${i}].tls.credentialName`;
        if (!secret) {
          // istiod reads the credential from the gateway pods' namespace (pilot/pkg/xds/sds.go), not the Gateway object's.
          if (!cn.includes('/') && gw.namespace !== pod.namespace && ctx.find(GK.Secret, gw.namespace, cn)) {
            ctx.report(gw, 'CIS5030', [gw.name, cn, pod.namespace, gw.namespace], path,
              `Create Secret ${cn} in namespace ${pod.namespace} (or run the gateway pods in ${gw.namespace}).`);
            continue;
          }
          if (!ctx.reportsMissing('Secret', name.slice(0, name.indexOf('/')))) continue;
          ctx.report(gw, 'IST0101', ['credentialName', cn], path, `Create Secret ${cn} in namespace ${pod.namespace}, where the gateway pods run.`);
        } else {
          const problem = secretProblem(secret);
          if (problem) ctx.report(gw, 'IST0161', [gw.name, pod.namespace], path, `Secret ${name}: ${problem}.`);
        }
      }
    }
  },
};
