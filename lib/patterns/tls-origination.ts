import { ClientTls, OriginationTlsOptions } from '../networking/tls';

/**
 * TLS origination to `host`: SNI and the server name checked are the host unless the options say otherwise. With `sni`
 * set Istio turns off its automatic name check (Istio 1.30.3 pilot/pkg/networking/core/cluster_tls.go,
 * `setAutoSniAndAutoSanValidation`), so `subjectAltNames` defaults to the host unless verification is skipped.
 */
export function originationTls(host: string, options: OriginationTlsOptions = {}): ClientTls {
  const subjectAltNames = options.subjectAltNames ?? (options.insecureSkipVerify ? undefined : [host]);
  return ClientTls.simple({ sni: host, ...options, subjectAltNames });
}
