import { Construct } from 'constructs';
import { filterProblems, HttpRouteFilter, MatchType, ValueMatch } from './http-route';
import { Backend } from './references';
import { GatewayRoute, HostnameRouteProps } from './route';
import type { GrpcRouteSpec, GrpcRouteSpecRules, GrpcRouteSpecRulesFilters, GrpcRouteSpecRulesMatches, GrpcRouteSpecRulesMatchesHeaders, GrpcRouteSpecRulesMatchesMethod } from '../../imports/gateway.networking.k8s.io';
import { detachOnError, ConfigProblem, throwIfProblems } from '../core/errors';
import { GATEWAY_API } from '../core/gateway-api';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** What a gRPC call must look like to match a rule. */
export interface GrpcRouteMatch {
  /**
   * The service, e.g. `com.example.Store`.
   * @default - any
   */
  readonly service?: string;
  /**
   * The method, e.g. `Get`.
   * @default - any
   */
  readonly method?: string;
  /**
   * How service and method are matched.
   * @default MatchType.EXACT
   */
  readonly type?: MatchType;
  /**
   * Headers (metadata) that must match.
   * @default - any
   */
  readonly headers?: ValueMatch[];
}

/** One rule of a GRPCRoute. */
export interface GrpcRouteRule {
  /** @default - none */
  readonly name?: string;
  /** @default - every call */
  readonly matches?: GrpcRouteMatch[];
  /** Header modifiers and mirrors (a gRPC route cannot redirect or rewrite). @default - none */
  readonly filters?: HttpRouteFilter[];
  /** @default - none */
  readonly backends?: Backend[];
}

/** Props of a GRPCRoute. */
export interface GrpcRouteProps extends HostnameRouteProps {
  /** @default - none */
  readonly rules?: GrpcRouteRule[];
}

const GRPC_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror']);

/** A Kubernetes Gateway API GRPCRoute (`gateway.networking.k8s.io/v1`): routing of gRPC calls by service and method. */
export class GrpcRoute extends GatewayRoute<GrpcRouteSpec> {
  private readonly rules: GrpcRouteRule[] = [];

  /** @throws when a rule cannot be expressed */
  public constructor(scope: Construct, id: string, props: GrpcRouteProps = {}) {
    super(scope, id, GATEWAY_API, 'GRPCRoute', props);
    detachOnError(this, () => {
      throwIfProblems(this, this.routeProblems());
      for (const r of props.rules ?? []) this.addRule(r);
    });
  }

  /**
   * Adds a rule.
   * @throws when a match names a method without a service under a regex, or a filter is not one gRPC routes take
   */
  public addRule(rule: GrpcRouteRule): this {
    const at = `spec.rules[${this.rules.length}]`;
    const problems: ConfigProblem[] = [];
    (rule.matches ?? []).forEach((m, i) => {
      if (m.service === undefined && m.method === undefined && !m.headers?.length) {
        problems.push({ field: `${at}.matches[${i}]`, problem: 'an empty match', fix: 'Give a service, a method or headers, or leave matches out to match every call.' });
      }
    });
    (rule.filters ?? []).forEach((f, i) => {
      if (!GRPC_FILTERS.has(f.type)) {
        problems.push({ field: `${at}.filters[${i}]`, problem: `a GRPCRoute cannot use a ${f.type} filter`, fix: 'Use an HTTPRoute for redirects and rewrites.' });
      }
    });
    problems.push(...filterProblems(rule.filters ?? [], [], `${at}.filters`));
    throwIfProblems(this, problems);
    this.rules.push(rule);
    return this;
  }

  protected renderSpec(): Wire<GrpcRouteSpec> {
    return {
      ...this.renderRouteSpec(),
      rules: this.rules.map((r) => dropUndefined<Wire<GrpcRouteSpecRules>>({
        name: r.name,
        matches: r.matches?.map((m) => dropUndefined<Wire<GrpcRouteSpecRulesMatches>>({
          method: m.service !== undefined || m.method !== undefined
            ? dropUndefined<Wire<GrpcRouteSpecRulesMatchesMethod>>({ type: m.type, service: m.service, method: m.method }) : undefined,
          headers: m.headers?.length
            ? m.headers.map((h) => dropUndefined<Wire<GrpcRouteSpecRulesMatchesHeaders>>({ type: h.type, name: h.name, value: h.value })) : undefined,
        })),
        // HTTPRoute's filters, of the types a GRPCRoute also has: addRule refuses the others (redirect, rewrite).
        filters: r.filters?.length ? r.filters.map((f) => f.toJson(this.namespace) as Wire<GrpcRouteSpecRulesFilters>) : undefined,
        backendRefs: r.backends?.length ? this.renderBackends(r.backends) : undefined,
      })),
    };
  }
}
