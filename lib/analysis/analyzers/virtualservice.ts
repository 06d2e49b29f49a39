import { JsonObject, obj, objs, str, strMap, strs } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, hostToFqdn, Resource } from '../context';
import { closeHost } from '../host-suggestion';
import { hostMatches, resourceNameFromHost, shortOrFullName } from '../hosts';

/** A destination of a VirtualService route or mirror, with the path of its `destination` object. */
interface RouteDestination {
  readonly destination: JsonObject;
  readonly path: string;
  readonly mirror: boolean;
}

/** Route destinations in Istio's order (tcp, tls, http), then the HTTP mirrors. */
export function destinations(vs: Resource, withMirrors: boolean): RouteDestination[] {
  const result: RouteDestination[] = [];
  for (const section of ['tcp', 'tls', 'http']) {
    for (const [rule, i] of objs(vs.spec[section])) {
      for (const [route, j] of objs(rule.route)) {
        result.push({ destination: obj(route.destination), path: `spec.${section}[${i}].route[${j}].destination`, mirror: false });
      }
    }
  }
  if (withMirrors) {
    for (const [rule, i] of objs(vs.spec.http)) {
      if (rule.mirror !== undefined && rule.mirror !== null) {
        result.push({ destination: obj(rule.mirror), path: `spec.http[${i}].mirror`, mirror: true });
      }
      for (const [m, j] of objs(rule.mirrors)) {
        result.push({ destination: obj(m.destination), path: `spec.http[${i}].mirrors[${j}].destination`, mirror: true });
      }
    }
  }
  return result;
}

/** The gateways a VirtualService binds to (none means the mesh). */
function gatewaysOf(vs: Resource): string[] {
  return strs(vs.spec.gateways);
}

/** IST0101 host not found, IST0112 port required, IST0140 subsets ignored at ingress (Istio's `virtualservice.DestinationHostAnalyzer`). */
export const destinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  description: 'Checks the destination hosts associated with each virtual service',
  codes: ['IST0101', 'IST0112', 'IST0140'],
  analyze(ctx: AnalysisContext): void {
    // Like file-only istioctl, hosts are only checked against Services when the analyzed set defines Services.
    if (!ctx.hasServices) return;
    // VirtualServices that route to subsets of one of their own hosts, by that host.
    const subsetRoutesByHost = new Map<string, Set<string>>();
    for (const vs of ctx.list(GK.VirtualService)) {
      const hosts = new Set(strs(vs.spec.hosts));
      for (const [rule] of objs(vs.spec.http)) {
        for (const [route] of objs(rule.route)) {
          const d = obj(route.destination);
          const host = str(d.host);
          if (str(d.subset) && hosts.has(host)) {
            let set = subsetRoutesByHost.get(host);
            if (!set) subsetRoutesByHost.set(host, set = new Set());
            set.add(vs.fullName);
          }
        }
      }
    }
    for (const vs of ctx.list(GK.VirtualService)) {
      const exportTo = strs(vs.spec.exportTo);
      for (const d of destinations(vs, true)) {
        const host = str(d.destination.host);
        const entry = ctx.destinationHost(vs.namespace, exportTo, host);
        if (!entry) {
          // A likely typo of a defined host is CIS5015's, with its did-you-mean.
          if (!ctx.reportsMissingHost(vs.namespace, host) || closeHost(ctx, vs.namespace, host)) continue;
          ctx.report(vs, 'IST0101', [d.mirror ? 'mirror host' : 'host', host], `${d.path}.host`,
            'Define a Service or ServiceEntry for this host, or fix the host name.');
          continue;
        }
        const port = d.destination.port;
        if (port === undefined || port === null) {
          if (entry.ports.length > 1) {
            ctx.report(vs, 'IST0112', [host, entry.ports.map((p) => p.number)], `${d.path}.port`);
          }
        } else {
          const number = Number(obj(port).number) || 0;
          if (!entry.ports.some((p) => p.number === number)) {
            ctx.report(vs, 'IST0101', ['host:port', `${host}:${number}`], `${d.path}.port.number`);
          }
        }
      }
      if (gatewaysOf(vs).length > 0) {
        for (const [rule, i] of objs(vs.spec.http)) {
          for (const [route, j] of objs(rule.route)) {
            const d = obj(route.destination);
            if (str(d.subset)) continue;
            for (const other of subsetRoutesByHost.get(str(d.host)) ?? []) {
              ctx.report(vs, 'IST0140', [other, vs.fullName], `spec.http[${i}].route[${j}].destination.host`);
            }
          }
        }
      }
    }
  },
};

/** IST0101 when a route names a subset no DestinationRule defines (Istio's `virtualservice.DestinationRuleAnalyzer`). */
export const destinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  description: 'Checks the destination rules associated with each virtual service',
  codes: ['IST0101'],
  analyze(ctx: AnalysisContext): void {
    const subsets = new Set<string>();
    // Hosts (namespace/name) the set has a DestinationRule for: in an open world, only their subsets are checked.
    const ruledHosts = new Set<string>();
    for (const dr of ctx.list(GK.DestinationRule)) {
      const name = resourceNameFromHost(dr.namespace, str(dr.spec.host));
      ruledHosts.add(`${name.namespace}/${name.name}`);
      for (const [subset] of objs(dr.spec.subsets)) subsets.add(`${name.namespace}/${name.name}/${str(subset.name)}`);
    }
    for (const vs of ctx.list(GK.VirtualService)) {
      for (const d of destinations(vs, true)) {
        const subset = str(d.destination.subset);
        if (!subset) continue;
        const host = str(d.destination.host);
        const name = resourceNameFromHost(vs.namespace, host);
        const ruled = ctx.assumeCompleteMesh || ruledHosts.has(`${name.namespace}/${name.name}`);
        if (ruled && !subsets.has(`${name.namespace}/${name.name}/${subset}`)) {
          ctx.report(vs, 'IST0101', [d.mirror ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule', `${host}+${subset}`],
            `${d.path}.subset`, `Add subset '${subset}' to the DestinationRule of host '${host}', or route to an existing subset.`);
        }
      }
    }
  },
};

/** The hosts of a Gateway's servers as seen from a VirtualService namespace (Istio's `sanitizeServerHostNamespace` + `NamesForNamespace`). */
function gatewayHostsFor(gw: Resource, vsNamespace: string): string[] {
  const result: string[] = [];
  for (const [server] of objs(gw.spec.servers)) {
    let hosts = strs(server.hosts).map((h) => {
      const slash = h.indexOf('/');
      if (slash < 0) return h;
      const ns = h.slice(0, slash);
      const name = h.slice(slash + 1);
      if (ns === '.') return `${gw.namespace}/${name}`;
      if (ns === '*') return name === '*' ? '*/*' : name;
      return h;
    });
    if (hosts.includes('*/*')) hosts = ['*'];
    for (const h of hosts) {
      const slash = h.indexOf('/');
      if (slash < 0) {
        result.push(h);
      } else if (h.slice(0, slash) === vsNamespace || h.slice(0, slash) === '*') {
        result.push(h.slice(slash + 1));
      }
    }
  }
  return result;
}

/** IST0101 gateway not found, IST0132 host not in the gateway, IST0165 internal gateway (Istio's `virtualservice.GatewayAnalyzer`). */
export const gatewayAnalyzer: Analyzer = {
  name: 'virtualservice.GatewayAnalyzer',
  description: 'Checks the gateways associated with each virtual service',
  codes: ['IST0101', 'IST0132', 'IST0165'],
  analyze(ctx: AnalysisContext): void {
    for (const vs of ctx.list(GK.VirtualService)) {
      const vsHosts = strs(vs.spec.hosts);
      gatewaysOf(vs).forEach((ref, i) => {
        if (ref === 'mesh') return;
        const path = `spec.gateways[${i}]`;
        const local = ref.includes('/') ? ref.slice(ref.indexOf('/') + 1) : ref;
        if (local.includes('~istio-autogenerated-k8s-gateway~')) {
          ctx.report(vs, 'IST0165', [vs.fullName, ref], path);
          return;
        }
        const name = shortOrFullName(vs.namespace, ref);
        const gw = ctx.find(GK.Gateway, name.namespace, name.name);
        if (!gw) {
          // In an open world a Gateway of a namespace the set defines none in is someone else's (e.g. istio-system's).
          if (!ctx.reportsMissing('Gateway', name.namespace)) return;
          ctx.report(vs, 'IST0101', ['gateway', ref], path, `Define Gateway ${name.namespace}/${name.name}, or reference an existing one as 'namespace/name'.`);
        }
        const gwHosts = gw ? gatewayHostsFor(gw, vs.namespace) : [];
        if (!gwHosts.some((gh) => vsHosts.some((vh) => hostMatches(gh, vh)))) {
          ctx.report(vs, 'IST0132', [vsHosts, vs.fullName, `${name.namespace}/${name.name}`], path);
        }
      });
    }
  },
};

/**
 * IST0109 when VirtualServices bound to the mesh gateway define the same host for the same namespaces
 * (Istio's `virtualservice.ConflictingMeshGatewayHostsAnalyzer`).
 */
export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  description: 'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  codes: ['IST0109'],
  analyze(ctx: AnalysisContext): void {
    // scope/fqdn -> VirtualServices; scope '*' also indexed by fqdn, and wildcard fqdns listed apart.
    const byScopedHost = new Map<string, Resource[]>();
    const exportedToAll = new Map<string, Resource[]>();
    const wildcardExportedToAll: Array<[string, Resource[]]> = [];
    for (const vs of ctx.list(GK.VirtualService)) {
      const gateways = gatewaysOf(vs);
      if (gateways.length > 0 && !gateways.includes('mesh')) continue;
      const exportTo = strs(vs.spec.exportTo);
      const scopes = exportTo.length === 0 || exportTo.includes('*')
        ? ['*']
        : [...new Set(exportTo.map((e) => (e === '.' ? vs.namespace : e)))];
      for (const scope of scopes) {
        for (const h of strs(vs.spec.hosts)) {
          const fqdn = hostToFqdn(vs.namespace, h);
          const key = `${scope}/${fqdn}`;
          let list = byScopedHost.get(key);
          if (!list) {
            byScopedHost.set(key, list = []);
            if (scope === '*') {
              exportedToAll.set(fqdn, list);
              if (fqdn.startsWith('*')) wildcardExportedToAll.push([fqdn, list]);
            }
          }
          list.push(vs);
        }
      }
    }
    const reported = new Set<Resource>();
    for (const [key, own] of byScopedHost) {
      const slash = key.indexOf('/');
      const scope = key.slice(0, slash);
      const fqdn = key.slice(slash + 1);
      let list = own;
      if (scope !== '*') {
        const extra: Resource[] = [];
        if (fqdn.startsWith('*')) {
          for (const [other, vss] of exportedToAll) if (hostMatches(fqdn, other)) extra.push(...vss);
        } else {
          extra.push(...exportedToAll.get(fqdn) ?? []);
          for (const [other, vss] of wildcardExportedToAll) if (hostMatches(fqdn, other)) extra.push(...vss);
        }
        list = own.concat(extra);
      }
      if (list.length < 2) continue;
      const names = list.map((r) => r.fullName).sort().join(',');
      for (const vs of list) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        ctx.report(vs, 'IST0109', [names, key], 'spec.hosts', 'Merge the VirtualServices that define this host into one.');
      }
    }
  },
};

/** Whether a header name is Istio's JWT claim routing header (`@request.auth.claims.x` or `@request.auth.claims[x]`). */
function isClaimHeader(name: string): boolean {
  const prefix = '@request.auth.claims';
  if (!name.toLowerCase().startsWith(prefix)) return false;
  const rest = name.slice(prefix.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

/** IST0149 when routing on JWT claims at a gateway whose pods no RequestAuthentication covers (Istio's `virtualservice.JWTClaimRouteAnalyzer`). */
export const jwtClaimRouteAnalyzer: Analyzer = {
  name: 'virtualservice.JWTClaimRouteAnalyzer',
  description: 'Checks the VirtualService using JWT claim based routing has corresponding RequestAuthentication',
  codes: ['IST0149'],
  analyze(ctx: AnalysisContext): void {
    const raSelectorsByNs = new Map<string, Array<Record<string, string>>>();
    for (const ra of ctx.list(GK.RequestAuthentication)) {
      const list = raSelectorsByNs.get(ra.namespace) ?? [];
      list.push(strMap(obj(ra.spec.selector).matchLabels));
      raSelectorsByNs.set(ra.namespace, list);
    }
    for (const vs of ctx.list(GK.VirtualService)) {
      let key = '';
      for (const [rule] of objs(vs.spec.http)) {
        for (const [match] of objs(rule.match)) {
          key ||= [...Object.keys(obj(match.headers)), ...Object.keys(obj(match.withoutHeaders))].find(isClaimHeader) ?? '';
        }
      }
      if (!key) continue;
      for (const ref of gatewaysOf(vs)) {
        if (ref === 'mesh') continue;
        const name = shortOrFullName(vs.namespace, ref);
        const gw = ctx.find(GK.Gateway, name.namespace, name.name);
        if (!gw) continue;
        for (const pod of ctx.podsMatching(strMap(gw.spec.selector))) {
          const selectors = [...raSelectorsByNs.get('istio-system') ?? [], ...raSelectorsByNs.get(pod.namespace) ?? []];
          if (!selectors.some((s) => Object.keys(s).every((k) => pod.labels[k] === s[k]))) {
            ctx.report(vs, 'IST0149', [key, `${name.namespace}/${name.name}`, pod.name], 'spec.http',
              'Add a RequestAuthentication for the gateway pods, so that the JWT is validated and its claims can be routed on.');
          }
        }
      }
    }
  },
};
