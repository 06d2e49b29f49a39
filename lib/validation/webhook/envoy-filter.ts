import { WebhookCode } from './codes';
import { checkAlphaWorkloadSelector } from './labels';
import { regexError } from './regex';
import { Report } from './report';
import { arr, asObj, enumName, isSet, JsonObject, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.ENVOY_FILTER;
const APPLY_TO = ['INVALID', 'LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER', 'ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE',
  'CLUSTER', 'EXTENSION_CONFIG', 'BOOTSTRAP', 'LISTENER_FILTER'];
const OPERATIONS = ['INVALID', 'MERGE', 'ADD', 'REMOVE', 'INSERT_BEFORE', 'INSERT_AFTER', 'INSERT_FIRST', 'REPLACE'];
const CONTEXTS = ['ANY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY', 'WAYPOINT'];
const HCM = 'envoy.filters.network.http_connection_manager';
/** Filter names Envoy renamed long ago (Istio warns about them). */
const DEPRECATED_FILTER_NAMES = new Set(['envoy.buffer', 'envoy.cors', 'envoy.csrf', 'envoy.http_dynamo_filter', 'envoy.ext_authz', 'envoy.fault',
  'envoy.grpc_http1_bridge', 'envoy.grpc_json_transcoder', 'envoy.grpc_web', 'envoy.gzip', 'envoy.health_check', 'envoy.ip_tagging', 'envoy.lua',
  'envoy.rate_limit', 'envoy.router', 'envoy.squash', 'envoy.listener.http_inspector', 'envoy.listener.original_dst', 'envoy.listener.original_src',
  'envoy.listener.proxy_protocol', 'envoy.listener.tls_inspector', 'envoy.client_ssl_auth', 'envoy.http_connection_manager', 'envoy.mongo_proxy',
  'envoy.ratelimit', 'envoy.redis_proxy', 'envoy.tcp_proxy']);

/**
 * EnvoyFilter (istiod's `ValidateEnvoyFilter`): always a warning, errors for patches that cannot apply. The patch
 * value itself is not checked against Envoy's protos here.
 */
export function checkEnvoyFilter(report: Report, spec: JsonObject): void {
  report.warn(CODE, 'spec', 'EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.',
    'Check whether a VirtualService, DestinationRule, Telemetry or WasmPlugin can do the same.');
  if (checkAlphaWorkloadSelector(report, asObj(spec.workloadSelector), 'spec.workloadSelector', 'Envoy filter')) return;
  arr(spec.configPatches).forEach((cpv, i) => {
    const path = at('spec.configPatches', i);
    const cp = asObj(cpv);
    if (!cp) {
      report.error(CODE, path, 'Envoy filter: null config patch');
      return;
    }
    const match = asObj(cp.match);
    if (match && enumName(match.context, CONTEXTS) === 'WAYPOINT') return;
    const applyTo = enumName(cp.applyTo, APPLY_TO);
    if (applyTo === 'INVALID') {
      report.error(CODE, at(path, 'applyTo'), 'Envoy filter: missing applyTo', `Set applyTo to one of ${APPLY_TO.slice(1).join(', ')}.`);
      return;
    }
    const patch = asObj(cp.patch);
    if (!patch) {
      report.error(CODE, at(path, 'patch'), 'Envoy filter: missing patch');
      return;
    }
    const operation = enumName(patch.operation, OPERATIONS);
    if (operation === 'INVALID') {
      report.error(CODE, at(path, 'patch.operation'), 'Envoy filter: missing patch operation', `Set patch.operation to one of ${OPERATIONS.slice(1).join(', ')}.`);
      return;
    }
    if (operation !== 'REMOVE' && !isSet(patch.value)) {
      report.error(CODE, at(path, 'patch.value'), 'Envoy filter: missing patch value for non-remove operation');
      return;
    }
    const proxyVersion = str(asObj(match?.proxy)?.proxyVersion);
    if (proxyVersion !== '') {
      const err = regexError(proxyVersion);
      if (err) {
        report.error(WebhookCode.INVALID_REGEX, at(path, 'match.proxy.proxyVersion'), `Envoy filter: invalid regex for proxy version, ${err}`);
        return;
      }
    }
    if (!match) return;
    const hasObjectType = isSet(match.listener) || isSet(match.routeConfiguration) || isSet(match.cluster);
    if (!hasObjectType) return;
    switch (applyTo) {
      case 'LISTENER':
      case 'FILTER_CHAIN':
      case 'NETWORK_FILTER':
      case 'HTTP_FILTER': {
        const listener = asObj(match.listener);
        if (!listener) {
          report.error(CODE, at(path, 'match'), 'Envoy filter: applyTo for listener class objects cannot have non listener match', 'Match on `listener`.');
          return;
        }
        const filter = asObj(asObj(listener.filterChain)?.filter);
        if (!filter) return;
        const fp = at(path, 'match.listener.filterChain.filter');
        if (applyTo === 'LISTENER' || applyTo === 'FILTER_CHAIN') report.warn(CODE, fp, `Envoy filter: filter match has no effect when used with ${applyTo}`);
        const name = str(filter.name);
        if (name === '') {
          report.error(CODE, at(fp, 'name'), 'Envoy filter: filter match has no name to match on');
          return;
        }
        const sub = asObj(filter.subFilter);
        if (sub) {
          if (applyTo !== 'HTTP_FILTER') {
            report.error(CODE, at(fp, 'subFilter'), 'Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only');
            return;
          }
          if (name !== HCM && name !== 'envoy.http_connection_manager') {
            report.error(CODE, at(fp, 'subFilter'), `Envoy filter: subfilter match requires filter match with ${HCM}`);
            return;
          }
          if (str(sub.name) === '') {
            report.error(CODE, at(fp, 'subFilter.name'), 'Envoy filter: subfilter match has no name to match on');
            return;
          }
        }
        for (const [n, p] of [[name, at(fp, 'name')], [str(sub?.name), at(fp, 'subFilter.name')]]) {
          if (DEPRECATED_FILTER_NAMES.has(n)) report.warn(CODE, p, `using deprecated filter name "${n}"`, 'Use the canonical `envoy.filters.*` name.');
        }
        return;
      }
      case 'ROUTE_CONFIGURATION':
      case 'VIRTUAL_HOST':
      case 'HTTP_ROUTE':
        if (!isSet(match.routeConfiguration)) report.error(CODE, at(path, 'match'), 'Envoy filter: applyTo for http route class objects cannot have non route configuration match', 'Match on `routeConfiguration`.');
        return;
      case 'CLUSTER':
        if (!isSet(match.cluster)) report.error(CODE, at(path, 'match'), 'Envoy filter: applyTo for cluster class objects cannot have non cluster match', 'Match on `cluster`.');
        return;
      default:
    }
  });
}
