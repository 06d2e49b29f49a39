import { isIPAddress } from './addresses';
import { WebhookCode } from './codes';
import { checkDuration, checkPort } from './common';
import { durationNanos } from './durations';
import { fqdnError } from './hosts';
import { Report } from './report';
import { checkClientTLS } from './tls';
import { IstioVersion, sinceRelease } from '../../core/istio-version';
import { arr, asObj, bool, entriesOf, enumName, isSet, JsonObject, nonEmpty, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_TRAFFIC_POLICY;

/** A DestinationRule (or subset) `trafficPolicy`. */
export function checkTrafficPolicy(report: Report, value: unknown, path: string, namespace: string, version: IstioVersion): void {
  const policy = asObj(value);
  if (!policy) return;
  const fields = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'tunnel', 'proxyProtocol', 'retryBudget'];
  if (!fields.some((f) => isSet(policy[f])) && !nonEmpty(policy.portLevelSettings)) {
    report.error(CODE, path, 'traffic policy must have at least one field', 'Remove the empty trafficPolicy, or set what it should change.');
    return;
  }
  if (isSet(policy.tunnel) && isSet(policy.proxyProtocol)) {
    report.error(CODE, path, 'tunnel and proxyProtocol must not be set together', 'Keep one of tunnel and proxyProtocol.');
    return;
  }
  checkPolicyParts(report, policy, path, namespace, version);
  arr(policy.portLevelSettings).forEach((item, i) => checkPortTrafficPolicy(report, item, at(at(path, 'portLevelSettings'), i), namespace, version));
  checkTunnel(report, policy.tunnel, at(path, 'tunnel'));
}

function checkPortTrafficPolicy(report: Report, value: unknown, path: string, namespace: string, version: IstioVersion): void {
  const p = asObj(value);
  if (!p) {
    report.error(CODE, path, 'traffic policy may not be null');
    return;
  }
  if (!isSet(p.port)) report.error(CODE, at(path, 'port'), 'portTrafficPolicy must have valid port', 'Set port.number to the service port it applies to.');
  if (!isSet(p.outlierDetection) && !isSet(p.connectionPool) && !isSet(p.loadBalancer) && !isSet(p.tls)) {
    report.error(CODE, path, 'port traffic policy must have at least one field', 'Set outlierDetection, connectionPool, loadBalancer or tls for the port, or remove it.');
    return;
  }
  checkPolicyParts(report, p, path, namespace, version);
}

/** The parts a traffic policy and a port-level one have in common. */
function checkPolicyParts(report: Report, policy: JsonObject, path: string, namespace: string, version: IstioVersion): void {
  checkOutlierDetection(report, policy.outlierDetection, at(path, 'outlierDetection'));
  checkConnectionPool(report, policy.connectionPool, at(path, 'connectionPool'));
  checkLoadBalancer(report, policy.loadBalancer, at(path, 'loadBalancer'), isSet(policy.outlierDetection), version);
  const tls = asObj(policy.tls);
  if (tls) checkClientTLS(report, tls, at(path, 'tls'), namespace);
}

function checkPercent(report: Report, value: unknown, path: string): void {
  const v = num(value);
  if (v < 0 || v > 100) report.error(CODE, path, `percentage ${v} is not in range 0..100`, 'Use a percentage from 0 to 100.');
}

/** `outlierDetection`, with the warning for the deprecated `consecutiveErrors`. */
export function checkOutlierDetection(report: Report, value: unknown, path: string): void {
  const o = asObj(value);
  if (!o) return;
  checkDuration(report, o.baseEjectionTime, at(path, 'baseEjectionTime'));
  if (num(o.consecutiveErrors) !== 0) {
    report.warn(WebhookCode.DEPRECATED_FIELD, at(path, 'consecutiveErrors'),
      'outlier detection consecutiveErrors is deprecated, use consecutive5xxErrors or consecutiveGatewayErrors instead',
      'Replace `consecutiveErrors: N` with `consecutive5xxErrors: N` (or consecutiveGatewayErrors for 502/503/504 only).');
  }
  if (!bool(o.splitExternalLocalOriginErrors) && num(o.consecutiveLocalOriginFailures) > 0) {
    report.error(CODE, at(path, 'consecutiveLocalOriginFailures'),
      'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false',
      'Set splitExternalLocalOriginErrors: true, or remove consecutiveLocalOriginFailures.');
  }
  checkDuration(report, o.interval, at(path, 'interval'));
  checkPercent(report, o.maxEjectionPercent, at(path, 'maxEjectionPercent'));
  checkPercent(report, o.minHealthPercent, at(path, 'minHealthPercent'));
}

/** `connectionPool` (DestinationRule, Sidecar ingress). */
export function checkConnectionPool(report: Report, value: unknown, path: string): void {
  const pool = asObj(value);
  if (!pool) return;
  if (!isSet(pool.http) && !isSet(pool.tcp)) {
    report.error(CODE, path, 'connection pool must have at least one field', 'Set tcp or http settings, or remove connectionPool.');
    return;
  }
  const negative = (o: JsonObject, field: string, p: string, what: string): void => {
    if (num(o[field]) < 0) report.error(CODE, at(p, field), `${what} must be non-negative`);
  };
  const http = asObj(pool.http);
  if (http) {
    const p = at(path, 'http');
    negative(http, 'http1MaxPendingRequests', p, 'http1 max pending requests');
    negative(http, 'http2MaxRequests', p, 'http2 max requests');
    negative(http, 'maxRequestsPerConnection', p, 'max requests per connection');
    negative(http, 'maxRetries', p, 'max retries');
    checkDuration(report, http.idleTimeout, at(p, 'idleTimeout'));
    if (enumName(http.h2UpgradePolicy, ['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE']) === 'UPGRADE' && bool(http.useClientProtocol)) {
      report.error(CODE, at(p, 'useClientProtocol'), 'useClientProtocol must not be true when h2UpgradePolicy is UPGRADE', 'Choose one: upgrade to HTTP/2, or keep the client protocol.');
    }
    negative(http, 'maxConcurrentStreams', p, 'max concurrent streams');
    // Istio 1.31 (validateConnectionPool): HTTP/2 keepalive needs both its interval and its timeout.
    const keepalive = asObj(http.http2KeepAlive);
    if (keepalive) {
      const kp = at(p, 'http2KeepAlive');
      for (const field of ['interval', 'timeout']) {
        if (!isSet(keepalive[field])) report.error(CODE, at(kp, field), `http2 keepalive ${field} is required`, `Set http2KeepAlive.${field}, e.g. \`30s\`.`);
        else checkDuration(report, keepalive[field], at(kp, field));
      }
    }
  }
  const tcp = asObj(pool.tcp);
  if (tcp) {
    const p = at(path, 'tcp');
    negative(tcp, 'maxConnections', p, 'max connections');
    checkDuration(report, tcp.connectTimeout, at(p, 'connectTimeout'));
    checkDuration(report, tcp.maxConnectionDuration, at(p, 'maxConnectionDuration'));
    // 0s disables the idle timeout.
    const idle = durationNanos(tcp.idleTimeout);
    if (isSet(tcp.idleTimeout) && !(idle !== undefined && idle > BigInt(-1000000) && idle < BigInt(1000000))) checkDuration(report, tcp.idleTimeout, at(p, 'idleTimeout'));
    const ka = asObj(tcp.tcpKeepalive);
    if (ka) {
      checkDuration(report, ka.time, at(at(p, 'tcpKeepalive'), 'time'));
      checkDuration(report, ka.interval, at(at(p, 'tcpKeepalive'), 'interval'));
    }
  }
}

function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  const limit = Math.floor(Math.sqrt(x));
  for (let f = 3; f <= limit; f += 2) if (x % f === 0) return false;
  return true;
}

/**
 * The least warmup `aggression` istiod accepts, by release: 1 or more until 1.30, more than 0 from 1.31
 * (pkg/config/validation/validation.go `validateLoadBalancer`, 1.30.3 vs 1.31.0-rc.0).
 */
const WARMUP_AGGRESSION: Readonly<Partial<Record<IstioVersion, AggressionRule>>> = {
  [IstioVersion.V1_28]: { accepts: (v) => v >= 1, message: 'aggression should be greater than or equal to 1', hint: 'Use 1 (linear) or more; Istio 1.31 also accepts values between 0 and 1.' },
  [IstioVersion.V1_31]: { accepts: (v) => v > 0, message: 'aggression should be greater than 0', hint: 'Use a value above 0: 1 is linear, below 1 ramps up faster.' },
};

interface AggressionRule {
  readonly accepts: (aggression: number) => boolean;
  readonly message: string;
  readonly hint: string;
}

function checkLoadBalancer(report: Report, value: unknown, path: string, hasOutlier: boolean, version: IstioVersion): void {
  const lb = asObj(value);
  if (!lb) return;
  const ch = asObj(lb.consistentHash);
  if (ch) {
    const chPath = at(path, 'consistentHash');
    const cookie = asObj(ch.httpCookie);
    if (cookie) {
      if (str(cookie.name) === '') report.error(CODE, at(at(chPath, 'httpCookie'), 'name'), 'name required for httpCookie', 'Name the cookie that holds the hash key.');
      const names = new Set<string>();
      arr(cookie.attributes).forEach((a, i) => {
        const name = str(asObj(a)?.name);
        const ap = at(at(at(chPath, 'httpCookie'), 'attributes'), i);
        if (name === '') report.error(CODE, at(ap, 'name'), 'cookie attribute name cannot be empty');
        else if (names.has(name)) report.error(CODE, at(ap, 'name'), `duplicate cookie attribute name: ${name}`);
        else names.add(name);
      });
    }
    const minRing = num(ch.minimumRingSize);
    if (minRing !== 0) {
      report.warn(WebhookCode.DEPRECATED_FIELD, at(chPath, 'minimumRingSize'), 'consistent hash minimumRingSize is deprecated, use ringHash.minimumRingSize instead',
        'Move it to `consistentHash.ringHash.minimumRingSize`.');
      if (isSet(ch.ringHash) || isSet(ch.maglev)) {
        report.error(CODE, at(chPath, 'minimumRingSize'), 'only one of minimumRingSize or maglev/ringHash can be specified');
      }
    }
    const maglev = asObj(ch.maglev);
    if (maglev) {
      const size = num(maglev.tableSize);
      const mp = at(at(chPath, 'maglev'), 'tableSize');
      if (size === 0) report.error(CODE, mp, 'tableSize must be set for maglev', 'Use a prime number such as 65537.');
      if (size >= 5000011) report.error(CODE, mp, 'tableSize must be less than 5000011 for maglev');
      if (!isPrime(size)) report.error(CODE, mp, 'tableSize must be a prime number for maglev', 'Use a prime number such as 65537.');
    }
  }
  if (isSet(lb.localityLbSetting) && isSet(lb.zoneAwareLbSetting)) {
    report.error(CODE, path, 'only one of localityLbSetting and zoneAwareLbSetting can be set', 'Keep zoneAwareLbSetting (Istio 1.31) or localityLbSetting.');
  }
  checkLocalityLb(report, lb.localityLbSetting, at(path, 'localityLbSetting'), hasOutlier);
  checkZoneAwareLb(report, lb.zoneAwareLbSetting, at(path, 'zoneAwareLbSetting'), hasOutlier);
  const warm = asObj(lb.warmup);
  if (warm) {
    const wp = at(path, 'warmup');
    if (!isSet(warm.duration)) report.error(CODE, at(wp, 'duration'), 'duration is required', 'Set warmup.duration, e.g. `60s`.');
    else checkDuration(report, warm.duration, at(wp, 'duration'));
    if (num(warm.minimumPercent) > 100) report.error(CODE, at(wp, 'minimumPercent'), 'minimumPercent value should be less than or equal to 100');
    const aggression = sinceRelease(WARMUP_AGGRESSION, version);
    if (aggression && isSet(warm.aggression) && !aggression.accepts(num(warm.aggression))) {
      report.error(CODE, at(wp, 'aggression'), aggression.message, aggression.hint);
    }
  }
}

function checkTunnel(report: Report, value: unknown, path: string): void {
  const t = asObj(value);
  if (!t) return;
  const protocol = str(t.protocol);
  if (protocol !== '' && protocol !== 'CONNECT' && protocol !== 'POST') report.error(CODE, at(path, 'protocol'), 'tunnel protocol must be "CONNECT" or "POST"');
  const host = str(t.targetHost);
  if (fqdnError(host) !== undefined && !isIPAddress(host)) {
    report.error(CODE, at(path, 'targetHost'), `tunnel target host must be valid FQDN or IP address: ${JSON.stringify(host)}`);
  }
  checkPort(report, t.targetPort, at(path, 'targetPort'));
}

const TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);

/**
 * `zoneAwareLbSetting`, new in Istio 1.31 (pkg/config/validation/agent/validation.go `ValidateZoneAwareLbSetting`
 * at 1.31.0-rc.0): Envoy orders zones and subzones itself, so failover names regions only and
 * failoverPriority may not use the topology labels.
 */
function checkZoneAwareLb(report: Report, value: unknown, path: string, hasOutlier: boolean): void {
  const lb = asObj(value);
  if (!lb) return;
  const code = WebhookCode.INVALID_LOCALITY_LB;
  const failover = arr(lb.failover);
  const failoverPriority = arr(lb.failoverPriority).map((l) => str(l));
  failoverPriority.forEach((label, i) => {
    if (TOPOLOGY_LABELS.has(label)) {
      report.error(code, at(at(path, 'failoverPriority'), i),
        `'failover_priority' for zone aware lb must not use topology label '${label}'; region- and zone-level routing are handled automatically`,
        'Remove the topology label; order regions with failover.');
    }
  });
  checkFailover(report, code, path, { failover, failoverPriority, hasOutlier }, 'zone aware lb',
    'only specifies region; zone and subzone failover are handled automatically');
}

/** `localityLbSetting` (Istio's `ValidateLocalityLbSetting`). */
export function checkLocalityLb(report: Report, value: unknown, path: string, hasOutlier: boolean): void {
  const lb = asObj(value);
  if (!lb) return;
  const code = WebhookCode.INVALID_LOCALITY_LB;
  const distribute = arr(lb.distribute);
  const failover = arr(lb.failover);
  const failoverPriority = arr(lb.failoverPriority).map((l) => str(l));
  if (distribute.length > 0 && failover.length > 0) {
    report.error(code, path, "can not simultaneously specify 'distribute' and 'failover'", 'Use distribute for weighted spreading or failover for ordered failover, not both.');
    return;
  }
  if (failover.length > 0) {
    const topo = failoverPriority.find((l) => TOPOLOGY_LABELS.has(l));
    if (topo) {
      report.error(code, at(path, 'failoverPriority'), `can not simultaneously set 'failover' and topology label '${topo}' in 'failover_priority'`);
      return;
    }
  }
  const sources: string[] = [];
  for (let i = 0; i < distribute.length; i++) {
    const d = asObj(distribute[i]) ?? {};
    sources.push(str(d.from));
    let total = 0;
    const dests: string[] = [];
    for (const [loc, w] of entriesOf(d.to)) {
      dests.push(loc);
      const weight = num(w);
      if (weight <= 0 || weight > 100) {
        report.error(code, at(at(at(path, 'distribute'), i), 'to'), 'locality weight must be in range [1, 100]');
        return;
      }
      total += weight;
    }
    if (total !== 100) {
      report.error(code, at(at(at(path, 'distribute'), i), 'to'), `total locality weight ${total} != 100`, 'The weights of one `distribute` entry must add up to 100.');
      return;
    }
    report.errorIf(localitiesError(dests), code, at(at(at(path, 'distribute'), i), 'to'));
  }
  report.errorIf(localitiesError(sources), code, at(path, 'distribute'));
  checkFailover(report, code, path, { failover, failoverPriority, hasOutlier }, 'locality lb', 'only specify region');
}

/**
 * The failover checks `localityLbSetting` and `zoneAwareLbSetting` share, in Istio's words for each setting
 * (`what`, and its message for a zone in a region).
 */
function checkFailover(
  report: Report, code: string, path: string,
  lb: { failover: readonly unknown[]; failoverPriority: readonly string[]; hasOutlier: boolean }, what: string, regionOnly: string,
): void {
  if ((lb.failover.length > 0 || lb.failoverPriority.length > 0) && !lb.hasOutlier) {
    report.warn(code, path, 'outlier detection policy must be provided for failover', 'Failover only happens when outlierDetection ejects unhealthy endpoints; add outlierDetection.');
  }
  lb.failover.forEach((f, i) => {
    const from = str(asObj(f)?.from);
    const to = str(asObj(f)?.to);
    const fp = at(at(path, 'failover'), i);
    if (from === to) report.error(code, fp, `${what} failover settings must specify different regions`);
    if (from.includes('/') || to.includes('/')) report.error(code, fp, `${what} failover ${regionOnly}`);
    if (from.includes('*') || to.includes('*')) report.error(code, fp, `${what} failover region should not contain '*' wildcard`);
  });
}

function localitiesError(localities: readonly string[]): string | undefined {
  const map = new Map<string, Map<string, Set<string>>>();
  const overlap = (l: string): string => `locality ${l} overlap with previous specified ones`;
  for (const locality of localities) {
    const stars = locality.split('*').length - 1;
    if (stars > 0 && (stars > 1 || !locality.endsWith('*'))) return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
    if (map.has('*')) return overlap(locality);
    const items = splitN(locality, '/', 3);
    if (items.some((i) => i === '')) return `locality ${locality} must not contain empty region/zone/subzone info`;
    const [region, zone, subZone] = items;
    const regionMap = map.get(region);
    if (items.length === 1) {
      if (regionMap) return overlap(locality);
      map.set(region, new Map([['*', new Set(['*'])]]));
    } else if (items.length === 2) {
      if (regionMap) {
        if (regionMap.has('*') || regionMap.has(zone)) return overlap(locality);
        regionMap.set(zone, new Set(['*']));
      } else {
        map.set(region, new Map([[zone, new Set(['*'])]]));
      }
    } else if (regionMap) {
      if (regionMap.has('*')) return overlap(locality);
      const zoneSet = regionMap.get(zone);
      if (zoneSet) {
        if (zoneSet.has('*') || zoneSet.has(subZone)) return overlap(locality);
        zoneSet.add(subZone);
      } else {
        regionMap.set(zone, new Set([subZone]));
      }
    } else {
      map.set(region, new Map([[zone, new Set([subZone])]]));
    }
  }
  return undefined;
}

/** Go's `strings.SplitN`. */
export function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  if (parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}
