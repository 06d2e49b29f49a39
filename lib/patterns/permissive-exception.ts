import { Construct } from 'constructs';
import { suppressing } from './pattern-util';
import { WorkloadSelector } from '../core/workload-selector';
import { AuthorizationPolicy } from '../security/authorization-policy';
import { MtlsMode, PeerAuthentication } from '../security/peer-authentication';

/** A named, explicit exception to STRICT mTLS: one workload port that also accepts plaintext (e.g. for a legacy client). */
export interface PermissiveException {
  /** The name of the exception, which names its PeerAuthentication (and its ALLOW policy): say why, e.g. `legacy-billing-client`. */
  readonly name: string;
  /** The workload. */
  readonly selector: WorkloadSelector;
  /** The workload (container) port kept PERMISSIVE. */
  readonly port: number;
  /**
   * IP addresses or CIDR blocks of the plaintext clients admitted on `port`, with an ALLOW policy named after the
   * exception (`ipBlocks`). A deny-by-default namespace or mesh denies plaintext callers otherwise: they have no mTLS
   * identity, so no allow by service account or namespace matches them.
   * @default - none: plaintext callers stay denied unless another policy allows them
   */
  readonly plaintextFrom?: string[];
}

/** The objects of one PERMISSIVE exception. */
export interface PermissiveExceptionObjects {
  /** STRICT for the workload, PERMISSIVE on the port. */
  readonly peerAuthentication: PeerAuthentication;
  /** The ALLOW for `plaintextFrom`, when given. */
  readonly allowPlaintext?: AuthorizationPolicy;
}

/**
 * Writes one PERMISSIVE exception in `namespace` (construct ids `<id>`, `<id>-Plaintext`): the workload's PeerAuthentication (the CIS5003 finding it causes on
 * purpose is suppressed) and, with `plaintextFrom`, the ALLOW admitting those source IPs on the port.
 */
export function permissiveException(scope: Construct, id: string, namespace: string, exception: PermissiveException): PermissiveExceptionObjects {
  const metadata = { name: exception.name, namespace };
  const peerAuthentication = PeerAuthentication.forWorkload(scope, id, {
    metadata: { ...metadata, ...suppressing(['CIS5003']) },
    selector: exception.selector,
    mtlsMode: MtlsMode.STRICT,
    portLevelMtls: [{ port: exception.port, mode: MtlsMode.PERMISSIVE }],
  });
  const ipBlocks = exception.plaintextFrom;
  const allowPlaintext = ipBlocks?.length
    ? new AuthorizationPolicy(scope, `${id}-Plaintext`, {
      metadata, selector: exception.selector, rules: [{ from: [{ ipBlocks }], to: [{ ports: [exception.port] }] }],
    })
    : undefined;
  return { peerAuthentication, allowPlaintext };
}
