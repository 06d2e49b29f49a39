import { Duration } from 'cdk8s';
import { checkNonEmpty, checkPercent, compactOrUndefined, nonEmpty } from './checks';
import type {
  DestinationRuleSpecTrafficPolicyLoadBalancer, DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHashHttpCookie,
  DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting,
  DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSettingDistribute as LocalityDistributeJson,
  DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSettingFailover as LocalityFailoverJson,
} from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Simple load-balancing algorithms. */
export enum LoadBalancerAlgorithm {
  /** Round robin over healthy endpoints. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** Power of two choices: the endpoint with fewer active requests (Istio's default). */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** A random healthy endpoint. */
  RANDOM = 'RANDOM',
  /** The original destination address of the connection, without load balancing. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** Share traffic from one locality among others by weight. */
export interface LocalityDistribution {
  /** The origin locality, `region/zone/subzone`, wildcards allowed (e.g. `us-west/*`). */
  readonly from: string;
  /** Destination localities and their weights (adding up to 100). */
  readonly to: { [locality: string]: number };
}

/** Where traffic goes when every endpoint of a locality is unhealthy. */
export interface LocalityFailover {
  /** The origin region. */
  readonly from: string;
  /** The region to fail over to. */
  readonly to: string;
}

/** Locality-aware load balancing. Outlier detection must be configured for failover to work. */
export interface LocalityLbSetting {
  /**
   * Turn locality load balancing on or off for this destination.
   * @default - the mesh's setting
   */
  readonly enabled?: boolean;
  /**
   * Explicit weighted distribution. Cannot be combined with `failover`.
   * @default - none
   */
  readonly distribute?: LocalityDistribution[];
  /**
   * Region failover order. Cannot be combined with `distribute`.
   * @default - the nearest locality first
   */
  readonly failover?: LocalityFailover[];
  /**
   * Labels ordering failover priority (e.g. `topology.istio.io/network`).
   * @default - none
   */
  readonly failoverPriority?: string[];
}

/** Settings common to every load balancer. */
export interface LoadBalancerOptions {
  /**
   * Locality-aware load balancing.
   * @default - the mesh's setting
   */
  readonly localityLbSetting?: LocalityLbSetting;
}

/** A cookie used as the hash key, created by Envoy when absent. */
export interface HashCookie {
  /** The cookie's name. */
  readonly name: string;
  /**
   * The cookie's path.
   * @default - none
   */
  readonly path?: string;
  /**
   * The lifetime of the generated cookie.
   * @default - a session cookie
   */
  readonly ttl?: Duration;
}

/**
 * How a destination spreads requests over its endpoints.
 * @example LoadBalancer.consistentHashHeader('x-user-id')
 */
export class LoadBalancer {
  /** One of the simple algorithms. */
  public static simple(algorithm: LoadBalancerAlgorithm, options: LoadBalancerOptions = {}): LoadBalancer {
    return new LoadBalancer({ simple: algorithm }, options);
  }

  /** Session affinity on an HTTP header. */
  public static consistentHashHeader(headerName: string, options: LoadBalancerOptions = {}): LoadBalancer {
    return new LoadBalancer({ consistentHash: { httpHeaderName: checkNonEmpty(headerName, 'Consistent hash header name') } }, options);
  }

  /** Session affinity on an HTTP cookie. */
  public static consistentHashCookie(cookie: HashCookie, options: LoadBalancerOptions = {}): LoadBalancer {
    const httpCookie = dropUndefined<Wire<DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHashHttpCookie>>({
      name: checkNonEmpty(cookie.name, 'Consistent hash cookie name'),
      path: cookie.path,
      ttl: cookie.ttl && renderIstioDuration(cookie.ttl, 'Consistent hash cookie ttl'),
    });
    return new LoadBalancer({ consistentHash: { httpCookie } }, options);
  }

  /** Session affinity on the client's IP address. */
  public static consistentHashSourceIp(options: LoadBalancerOptions = {}): LoadBalancer {
    return new LoadBalancer({ consistentHash: { useSourceIp: true } }, options);
  }

  /** Session affinity on a query parameter. */
  public static consistentHashQueryParameter(name: string, options: LoadBalancerOptions = {}): LoadBalancer {
    return new LoadBalancer({ consistentHash: { httpQueryParameterName: checkNonEmpty(name, 'Consistent hash query parameter name') } }, options);
  }

  /** Locality settings only, keeping the default algorithm. */
  public static locality(setting: LocalityLbSetting): LoadBalancer {
    return new LoadBalancer({}, { localityLbSetting: setting });
  }

  private constructor(private readonly base: Wire<DestinationRuleSpecTrafficPolicyLoadBalancer>, private readonly options: LoadBalancerOptions) {
    if (options.localityLbSetting) renderLocality(options.localityLbSetting);
  }

  /** Renders the `loadBalancer` block. */
  public toJson(): Wire<DestinationRuleSpecTrafficPolicyLoadBalancer> {
    return dropUndefined({ ...this.base, localityLbSetting: this.options.localityLbSetting && renderLocality(this.options.localityLbSetting) });
  }
}

function renderLocality(s: LocalityLbSetting): Wire<DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting> {
  if (s.distribute?.length && s.failover?.length) {
    throw fieldError('localityLbSetting', 'has both distribute and failover', 'Give distribute or failover, not both.');
  }
  (s.distribute ?? []).forEach((d, i) => {
    const total = Object.values(d.to).reduce((a, b) => a + checkPercent(b, `localityLbSetting.distribute[${i}].to weight`), 0);
    if (total !== 100) throw fieldError(`localityLbSetting.distribute[${i}].to`, `the weights (from '${d.from}') add up to ${total}, they must add up to 100`);
  });
  return compactOrUndefined({
    enabled: s.enabled,
    distribute: nonEmpty(s.distribute)?.map((d): Wire<LocalityDistributeJson> => ({ from: d.from, to: { ...d.to } })),
    failover: nonEmpty(s.failover)?.map((f): Wire<LocalityFailoverJson> => ({ from: f.from, to: f.to })),
    failoverPriority: nonEmpty(s.failoverPriority),
  }) ?? {};
}
