import { Construct } from 'constructs';
import { isGatewayApiHostname } from './hostname';
import { IServiceObject } from './references';
import type { BackendTlsPolicySpec, BackendTlsPolicySpecValidationSubjectAltNames } from '../../imports/gateway.networking.k8s.io';
import { ConfigProblem, detachOnError, throwIfProblems } from '../core/errors';
import { GATEWAY_API } from '../core/gateway-api';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined, sortedRecord } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** A ConfigMap holding CA certificates (key `ca.crt`), e.g. a cdk8s-plus `ConfigMap`, or `{ name }`. */
export interface ICaConfigMap {
  /** The ConfigMap's name (it must be in the policy's namespace). */
  readonly name: string;
}

/** A Subject Alternative Name the backend's certificate must carry. */
export class SubjectAltName {
  /** A DNS name (`reviews.shop.svc.cluster.local`, `*.example.com`). */
  public static hostname(hostname: string): SubjectAltName {
    return new SubjectAltName('Hostname', hostname);
  }

  /** A URI, e.g. a SPIFFE ID (`spiffe://cluster.local/ns/shop/sa/reviews`). */
  public static uri(uri: string): SubjectAltName {
    return new SubjectAltName('URI', uri);
  }

  private constructor(
    /** `Hostname` or `URI`. */
    public readonly type: 'Hostname' | 'URI',
    /** The name or URI. */
    public readonly value: string,
  ) {}

  /** The `subjectAltNames` entry. */
  public toJson(): Wire<BackendTlsPolicySpecValidationSubjectAltNames> {
    return this.type === 'Hostname' ? { type: 'Hostname', hostname: this.value } : { type: 'URI', uri: this.value };
  }
}

/** Props of a BackendTlsPolicy. */
export interface BackendTlsPolicyProps extends IstioResourceProps {
  /** The Services whose connections from gateways and the mesh use TLS (1 to 16, in the policy's namespace). */
  readonly services: IServiceObject[];
  /**
   * Only this port of the Services, by port name (`sectionName`).
   * @default - every port
   */
  readonly portName?: string;
  /** The host name the backend's certificate is verified against, and sent as SNI. */
  readonly hostname: string;
  /**
   * ConfigMaps with the CA certificates that sign the backend's certificate (at most 8). Give either these or `systemCaCertificates`.
   * @default - none
   */
  readonly caCertificates?: ICaConfigMap[];
  /**
   * Trust the CA certificates of the system (`wellKnownCACertificates: System`) instead of ConfigMaps.
   * @default false
   */
  readonly systemCaCertificates?: boolean;
  /**
   * Names the certificate must carry instead of `hostname` (at most 5).
   * @default - the certificate must match `hostname`
   */
  readonly subjectAltNames?: SubjectAltName[];
  /**
   * Implementation-specific TLS options (at most 16).
   * @default - none
   */
  readonly options?: { [key: string]: string };
}

const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Kubernetes Gateway API BackendTLSPolicy (`gateway.networking.k8s.io/v1`): gateways (and Istio's mesh
 * for Gateway API routes) connect to the Services with TLS, verifying the backend's certificate against the
 * given CA certificates and host name.
 *
 * @example
 * new BackendTlsPolicy(chart, 'cart-tls', { services: [cart], hostname: 'cart.example.com',
 *   caCertificates: [{ name: 'cart-ca' }] });
 */
export class BackendTlsPolicy extends IstioResource<BackendTlsPolicySpec> {
  private readonly policy: BackendTlsPolicyProps;

  /**
   * @throws when there is no Service or more than 16, a Service is in another namespace, neither or both of
   * `caCertificates` and `systemCaCertificates` are given, or a host name or limit does not fit the API
   */
  public constructor(scope: Construct, id: string, props: BackendTlsPolicyProps) {
    super(scope, id, { api: GATEWAY_API, kind: 'BackendTLSPolicy' }, props);
    this.policy = { ...props, services: [...props.services], caCertificates: props.caCertificates && [...props.caCertificates] };
    detachOnError(this, () => throwIfProblems(this, this.problems()));
  }

  private problems(): ConfigProblem[] {
    const p = this.policy;
    const problems: ConfigProblem[] = [];
    if (p.services.length === 0 || p.services.length > 16) {
      problems.push({ field: 'spec.targetRefs', problem: `${p.services.length} Services, the API takes 1 to 16`, fix: p.services.length ? 'Split the policy.' : 'Give the Services to connect to with TLS.' });
    }
    p.services.forEach((s, i) => {
      const ns = s.metadata.namespace;
      if (ns !== undefined && this.namespace !== undefined && ns !== this.namespace) {
        problems.push({ field: `spec.targetRefs[${i}]`, problem: `Service '${s.name}' is in namespace ${ns}, the policy in ${this.namespace}`, fix: 'A BackendTLSPolicy applies to Services of its own namespace: create it there.' });
      }
    });
    if (p.portName !== undefined && !SECTION_NAME.test(p.portName)) {
      problems.push({ field: 'spec.targetRefs[0].sectionName', problem: `'${p.portName}' is not a port name`, fix: 'Use the name of a port of the Services (lower-case letters, digits and \'-\').' });
    }
    if (!isGatewayApiHostname(p.hostname)) {
      problems.push({ field: 'spec.validation.hostname', problem: `'${p.hostname}' is not a host name`, fix: 'Use the lower-case DNS name the backend\'s certificate is issued for.' });
    }
    const cas = p.caCertificates?.length ?? 0;
    if (cas > 0 && p.systemCaCertificates) {
      problems.push({ field: 'spec.validation', problem: 'both caCertificates and systemCaCertificates', fix: 'Trust either the ConfigMaps\' CA certificates or the system\'s, not both.' });
    } else if (cas === 0 && !p.systemCaCertificates) {
      problems.push({ field: 'spec.validation.caCertificateRefs', problem: 'no CA certificates to verify the backend with', fix: 'Give caCertificates (ConfigMaps with ca.crt) or systemCaCertificates: true.' });
    }
    if (cas > 8) problems.push({ field: 'spec.validation.caCertificateRefs', problem: `${cas} ConfigMaps, the API takes at most 8`, fix: 'Bundle the CA certificates into fewer ConfigMaps.' });
    if ((p.subjectAltNames?.length ?? 0) > 5) problems.push({ field: 'spec.validation.subjectAltNames', problem: `${p.subjectAltNames!.length} names, the API takes at most 5`, fix: 'Keep the names the certificate must carry to 5.' });
    p.subjectAltNames?.forEach((san, i) => {
      if (san.value.trim() === '' || (san.type === 'Hostname' && !isGatewayApiHostname(san.value))) {
        problems.push({ field: `spec.validation.subjectAltNames[${i}]`, problem: `'${san.value}' is not a ${san.type === 'Hostname' ? 'host name' : 'URI'}`, fix: 'Use a lower-case DNS name, or SubjectAltName.uri() for a URI.' });
      }
    });
    if (Object.keys(p.options ?? {}).length > 16) problems.push({ field: 'spec.options', problem: 'more than 16 options', fix: 'Keep to 16 options.' });
    return problems;
  }

  protected renderSpec(): Wire<BackendTlsPolicySpec> {
    const p = this.policy;
    return dropUndefined({
      targetRefs: p.services.map((s) => dropUndefined({ group: '', kind: 'Service', name: s.name, sectionName: p.portName })),
      validation: dropUndefined({
        caCertificateRefs: p.caCertificates?.length ? p.caCertificates.map((c) => ({ group: '', kind: 'ConfigMap', name: c.name })) : undefined,
        wellKnownCACertificates: p.systemCaCertificates ? 'System' : undefined,
        hostname: p.hostname,
        subjectAltNames: p.subjectAltNames?.length ? p.subjectAltNames.map((s) => s.toJson()) : undefined,
      }),
      options: p.options && Object.keys(p.options).length ? sortedRecord(p.options) : undefined,
    });
  }
}
