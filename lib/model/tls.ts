/**
 * Whether a caller's proxy verifies the peer it connects to for a host, and by which names, as Istio 1.30 builds
 * the outbound cluster (pilot/pkg/networking/core/cluster_tls.go `buildUpstreamTLSSettings`,
 * `constructUpstreamTLS`, `setAutoSniAndAutoSanValidation`):
 * - the DestinationRule's `tls` for the port and subset wins: DISABLE is plaintext; ISTIO_MUTUAL uses Istio's
 *   certificates, the SNI `outbound_.PORT_.SUBSET_.HOST` unless `sni` is set, and the `subjectAltNames` or else
 *   the SPIFFE identities of the destination's service accounts; SIMPLE and MUTUAL originate TLS verified against
 *   `caCertificates` (or the `credentialName` secret, else the system roots) unless `insecureSkipVerify`, with the
 *   `subjectAltNames` (a ServiceEntry's when the rule has none); without `sni` and names, Envoy sets the SNI from
 *   the Host header and checks the certificate against it (auto SNI and auto SAN validation); with `sni` and no
 *   names any certificate the CA signed is accepted;
 * - without `tls`, auto mTLS: Istio mTLS with the service accounts' identities when the destination has a proxy
 *   and its PeerAuthentication does not DISABLE the port; plaintext to a workload without proxy or a
 *   MESH_EXTERNAL ServiceEntry;
 * - ztunnel (an ambient caller) applies no DestinationRule: HBONE mTLS verified by the destination's identity.
 */
import { Caller, ModelContext } from './context';
import { clientTlsSettings, destinationRuleFor } from './destination-rules';
import { resolveCallerHost } from './hosts';
import { ModelConfig, ModelService, WorkloadDataplane } from './inventory';
import { effectiveMtls } from './peer-authentication';
import { InvalidRequestError, TlsMode, TlsRequest, TlsResult } from './requests';
import { serviceWaypoint } from './waypoints';
import { num, obj, objs, str, strs } from '../vocab/json';

/** Answers a TLS question. */
export function decideTls(ctx: ModelContext, request: TlsRequest): TlsResult {
  const caller = ctx.caller(request.from, false);
  const namespace = caller.namespace || 'default';
  const inv = ctx.inv;
  const entries = inv.list('ServiceEntry');
  const host = resolveCallerHost(request.host, namespace, (h) => inv.servicesByHost.has(h));
  const service = inv.servicesByHost.get(host);
  const entry = service ? undefined : entries.find((e) => strs(e.spec.hosts).map((h) => h.toLowerCase()).includes(host));
  const port = request.port ?? (service ? service.ports[0]?.port : num(obj(objs(entry?.spec.ports)[0]?.[0]).number)) ?? 80;
  if (request.port === undefined && !service && !entry) throw new InvalidRequestError(`give the port of ${request.host}: no Service or ServiceEntry defines it`);
  const plaintext = (reason: string, dr?: ModelConfig): TlsResult => ({
    mode: TlsMode.PLAINTEXT, auto: dr === undefined, verified: false, subjectAltNames: [], clientCertificate: false, destinationRule: dr?.id, reason,
  });
  if (caller.kind === 'anonymous' || caller.dataplane === WorkloadDataplane.NONE) return plaintext(`${request.from} has no proxy: the application's own connection, which Istio does not secure`);
  const identities = service ? serviceIdentities(ctx, service) : strs(entry?.spec.subjectAltNames);
  const clusterName = `outbound_.${port}_.${request.subset ?? ''}_.${host}`;
  if (caller.dataplane === WorkloadDataplane.AMBIENT) {
    if (!service || !hasProxy(ctx, service)) return plaintext(`ztunnel sends plaintext to ${host}, which has no proxy or ztunnel`);
    const waypoint = serviceWaypoint(ctx, service).waypoint;
    const names = waypoint ? [`spiffe://${ctx.identity(waypoint.namespace, waypoint.serviceAccount)}`] : identities;
    return {
      mode: TlsMode.ISTIO_MUTUAL,
      auto: true,
      verified: true,
      subjectAltNames: names,
      clientCertificate: true,
      reason: `ztunnel sends HBONE (Istio mTLS) and checks the peer's identity${waypoint ? ` (the waypoint ${waypoint.namespace}/${waypoint.name})` : ''}; DestinationRules do not apply to ztunnel`,
    };
  }
  const dr = destinationRuleFor(ctx, namespace, host, service?.namespace ?? entry?.namespace);
  const tls = clientTlsSettings(dr, port, request.subset);
  const mode = str(tls?.mode);
  if (!tls || !mode) return autoMtls(ctx, caller, service, entry, port, identities, clusterName, plaintext);
  if (mode === 'DISABLE') return plaintext(`DestinationRule ${dr!.id} sets tls mode DISABLE`, dr);
  const sans = strs(tls.subjectAltNames);
  const sni = str(tls.sni);
  if (mode === 'ISTIO_MUTUAL') {
    const names = tls.subjectAltNames !== undefined ? sans : identities;
    return {
      mode: TlsMode.ISTIO_MUTUAL,
      auto: false,
      verified: true,
      subjectAltNames: names,
      sni: sni || clusterName,
      trustedCa: 'istio',
      clientCertificate: true,
      destinationRule: dr!.id,
      reason: `DestinationRule ${dr!.id} sets ISTIO_MUTUAL: Istio certificates, peer verified by ${names.length > 0 ? names.join(', ') : 'Istio\'s root (no names given)'}`,
    };
  }
  const skip = tls.insecureSkipVerify === true;
  const credential = str(tls.credentialName);
  const ca = credential ? `secret ${credential}` : str(tls.caCertificates) || 'system';
  const external = sans.length > 0 ? sans : strs(entry?.spec.subjectAltNames);
  const names = skip ? [] : external.length > 0 ? external : sni ? [] : [str(request.host).toLowerCase()];
  const clientCertificate = mode === 'MUTUAL' && (Boolean(credential) || (Boolean(str(tls.clientCertificate)) && Boolean(str(tls.privateKey))));
  const how = skip ? 'insecureSkipVerify: the server certificate is not verified'
    : `verified against ${ca === 'system' ? 'the system roots' : ca}${names.length > 0
      ? ` for ${names.join(', ')}${external.length === 0 ? ' (auto SAN validation: the Host header, as SNI is not set)' : ''}`
      : ' for any name (sni is set and subjectAltNames is empty)'}`;
  return {
    mode: mode === 'MUTUAL' ? TlsMode.MUTUAL : TlsMode.SIMPLE,
    auto: false,
    verified: !skip,
    subjectAltNames: names,
    sni: sni || str(request.host).toLowerCase(),
    trustedCa: skip ? undefined : ca,
    clientCertificate,
    destinationRule: dr!.id,
    reason: `DestinationRule ${dr!.id} originates TLS (${mode}); ${how}`,
  };
}

function autoMtls(
  ctx: ModelContext, caller: Caller, service: ModelService | undefined, entry: ModelConfig | undefined, port: number,
  identities: string[], clusterName: string, plaintext: (reason: string) => TlsResult,
): TlsResult {
  if (!service) {
    if (entry && str(entry.spec.location) !== 'MESH_INTERNAL') return plaintext(`auto mTLS does not apply to the MESH_EXTERNAL ServiceEntry ${entry.id}: the application's own TLS, if any`);
    if (!entry) return plaintext('no Service or ServiceEntry defines the host: passthrough, the application\'s own TLS, if any');
    return { mode: TlsMode.ISTIO_MUTUAL, auto: true, verified: true, subjectAltNames: identities, sni: clusterName, trustedCa: 'istio', clientCertificate: true, reason: `auto mTLS to the MESH_INTERNAL ServiceEntry ${entry.id}` };
  }
  const workloads = ctx.serviceWorkloads(service);
  if (!hasProxy(ctx, service)) return plaintext(`auto mTLS: ${service.host} has no proxy, plaintext`);
  const svcPort = service.ports.find((p) => p.port === port);
  const target = { namespace: service.namespace, labels: workloads[0]?.labels ?? service.selector };
  const mtls = effectiveMtls(ctx.inv, target, svcPort ? ctx.targetPort(svcPort, workloads[0]) : port, ctx.settings.rootNamespace);
  if (mtls.mode === 'DISABLE') return plaintext(`auto mTLS: PeerAuthentication ${mtls.policy} disables mTLS on the port, plaintext`);
  return {
    mode: TlsMode.ISTIO_MUTUAL,
    auto: true,
    verified: true,
    subjectAltNames: identities,
    sni: clusterName,
    trustedCa: 'istio',
    clientCertificate: true,
    reason: `auto mTLS (${caller.serviceAccount ? `${caller.namespace}/${caller.serviceAccount}` : 'the caller'} has no DestinationRule tls for ${service.host}): Istio mTLS, peer verified by ${identities.join(', ') || 'Istio\'s root'}`,
  };
}

/** Whether the Service's pods (or, without pods, its namespace's default) have a sidecar or ztunnel. */
function hasProxy(ctx: ModelContext, service: ModelService): boolean {
  const workloads = ctx.serviceWorkloads(service);
  if (workloads.length === 0) return ctx.namespaceDataplane(service.namespace) !== WorkloadDataplane.NONE;
  return workloads.some((w) => w.dataplane !== WorkloadDataplane.NONE);
}

/** The SPIFFE identities of the service accounts the Service's pods run as (`spiffe://td/ns/NS/sa/SA`). */
function serviceIdentities(ctx: ModelContext, service: ModelService): string[] {
  const accounts = new Set(ctx.serviceWorkloads(service).map((w) => w.serviceAccount));
  return [...accounts].sort().map((sa) => `spiffe://${ctx.identity(service.namespace, sa)}`);
}
