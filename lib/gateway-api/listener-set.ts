import { Construct } from 'constructs';
import { KubernetesGateway, ListenerOptions, listenerProblems, renderListener } from './gateway';
import { IRouteParent, ParentReference, withNamespaceIfOther } from './references';
import type { ListenerSetSpec } from '../../imports/gateway.networking.k8s.io';
import { configError, detachOnError, throwIfProblems } from '../core/errors';
import { GATEWAY_API, GATEWAY_API_GROUP } from '../core/gateway-api';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** The Gateway a ListenerSet adds listeners to: an L2 `KubernetesGateway`, or `{ name, namespace }` of one the app does not define. */
export interface IListenerSetGateway {
  /** The Gateway's name. */
  readonly name: string;
  /** The Gateway's namespace (undefined: the ListenerSet's). */
  readonly namespace?: string;
}

/** Props of a ListenerSet. */
export interface ListenerSetProps extends IstioResourceProps {
  /**
   * The Gateway whose listeners this set adds to. An L2 `KubernetesGateway` must allow ListenerSets from
   * this namespace (`allowedListeners`); the Gateway API's default allows none.
   */
  readonly gateway: IListenerSetGateway;
  /**
   * The listeners (1 to 64). More can be added with `addListener()`.
   * @default - none (at least one is needed at synth)
   */
  readonly listeners?: ListenerOptions[];
}

const MAX_LISTENERS = 64;

/**
 * A Kubernetes Gateway API ListenerSet (`gateway.networking.k8s.io/v1`): listeners added to a Gateway from
 * another object (for example another team's namespace, with its own certificates). Routes attach to it,
 * or to one of its listeners (`set.listener('https')`), as they attach to a Gateway.
 *
 * @example
 * const gw = new KubernetesGateway(chart, 'gw', { metadata: { name: 'public', namespace: 'ingress' },
 *   allowedListeners: AllowedListeners.allNamespaces() });
 * new ListenerSet(chart, 'shop', { metadata: { namespace: 'shop' }, gateway: gw,
 *   listeners: [{ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com',
 *     tls: { certificates: [{ name: 'shop-cert' }] } }] });
 */
export class ListenerSet extends IstioResource<ListenerSetSpec> implements IRouteParent {
  private readonly gateway: IListenerSetGateway;
  private readonly listeners: ListenerOptions[] = [];

  /** @throws when the Gateway does not allow ListenerSets from this namespace, or a listener is invalid (see `addListener()`) */
  public constructor(scope: Construct, id: string, props: ListenerSetProps) {
    super(scope, id, { api: GATEWAY_API, kind: 'ListenerSet' }, props);
    this.gateway = props.gateway;
    detachOnError(this, () => {
      const gatewayNamespace = props.gateway.namespace ?? this.namespace;
      const l2 = (props.gateway as unknown) instanceof KubernetesGateway ? props.gateway as KubernetesGateway : undefined;
      const allowed = l2?.allowedListeners;
      if (l2 && (!allowed || allowed.allows(this.namespace, gatewayNamespace) === false)) {
        throw configError(this, {
          field: 'spec.parentRef',
          problem: `Gateway ${props.gateway.name} ${allowed ? `allows ListenerSets of its namespace only (${gatewayNamespace}), not of ${this.namespace}` : 'allows no ListenerSets'}`,
          fix: 'Give the Gateway allowedListeners: AllowedListeners.allNamespaces() (or sameNamespace(), namespacesWithLabels()).',
        });
      }
      for (const l of props.listeners ?? []) this.addListener(l);
    });
  }

  /**
   * Adds a listener and returns it, to attach routes to it alone.
   * @throws when the name is taken or malformed, the port is out of range, a hostname is set on TCP/UDP,
   * TLS does not fit the protocol, or the set already has 64 listeners
   */
  public addListener(listener: ListenerOptions): ListenerSetListener {
    const at = `spec.listeners[${this.listeners.length}]`;
    const problems = listenerProblems(this.listeners, listener, at);
    if (this.listeners.length >= MAX_LISTENERS) problems.push({ field: at, problem: `a ListenerSet has at most ${MAX_LISTENERS} listeners`, fix: 'Split the listeners over several ListenerSets.' });
    throwIfProblems(this, problems);
    this.listeners.push({ ...listener });
    return new ListenerSetListener(this, listener.name);
  }

  /**
   * A listener by name, to attach a route to it alone.
   * @throws when there is no such listener
   */
  public listener(name: string): ListenerSetListener {
    if (!this.listeners.some((l) => l.name === name)) {
      throw configError(this, { field: 'spec.listeners', problem: `ListenerSet ${this.name} has no listener '${name}' (listeners: ${this.listeners.map((l) => l.name).join(', ') || 'none'})` });
    }
    return new ListenerSetListener(this, name);
  }

  /** The listeners' options, in order. */
  public get listenerOptions(): readonly ListenerOptions[] {
    return this.listeners.map((l) => ({ ...l }));
  }

  public renderParentRef(fromNamespace?: string): ParentReference {
    return withNamespaceIfOther({ group: GATEWAY_API_GROUP, kind: 'ListenerSet', name: this.name, namespace: this.namespace }, fromNamespace);
  }

  protected renderSpec(): Wire<ListenerSetSpec> {
    if (this.listeners.length === 0) {
      throw configError(this, { field: 'spec.listeners', problem: 'the ListenerSet has no listeners', fix: 'Add one with addListener().' });
    }
    return {
      parentRef: dropUndefined(withNamespaceIfOther({ name: this.gateway.name, namespace: this.gateway.namespace }, this.namespace)),
      listeners: this.listeners.map((l) => renderListener(l, this.namespace)),
    };
  }
}

/** One listener of a ListenerSet: a route parent that attaches to that listener alone (`sectionName`). */
export class ListenerSetListener implements IRouteParent {
  /** @internal */
  public constructor(
    /** The ListenerSet. */
    public readonly listenerSet: ListenerSet,
    /** The listener's name. */
    public readonly name: string,
  ) {}

  public renderParentRef(fromNamespace?: string): ParentReference {
    return { ...this.listenerSet.renderParentRef(fromNamespace), sectionName: this.name };
  }
}
