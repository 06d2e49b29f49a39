import { WebhookCode } from './codes';
import { Report } from './report';
import { arr, asObj, bool, enumName, JsonObject, nonEmpty, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const SERVER_TLS_MODES = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'];
const TLS_VERSIONS = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'];
const CLIENT_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

const VALID_CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
]);

function isValidCipherSuite(cs: string): boolean {
  if (cs === '' || cs === 'ALL') return true;
  if (!/^[\p{L}\p{N}]/u.test(cs)) return true; // `-X`, `+X`, `!X` operators
  return VALID_CIPHER_SUITES.has(cs);
}

/** The server TLS mode name. */
export function serverTlsMode(tls: JsonObject): string {
  return enumName(tls.mode, SERVER_TLS_MODES);
}

/** Server-side TLS settings (Gateway servers, Sidecar ingress listeners), as istiod's `validateTLSOptions`. */
export function checkServerTLS(report: Report, tls: JsonObject, path: string): void {
  const code = WebhookCode.INVALID_TLS;
  const mode = serverTlsMode(tls);
  const minVersion = enumName(tls.minProtocolVersion, TLS_VERSIONS);
  const ciphers = arr(tls.cipherSuites).map((c) => str(c));
  if ((minVersion === 'TLSV1_0' || minVersion === 'TLSV1_1') && ciphers.length === 0) {
    report.warn(code, at(path, 'minProtocolVersion'), 'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.',
      'Set cipherSuites to ciphers the old TLS version supports, or use TLSV1_2.');
  }
  const invalid = new Set<string>();
  const valid = new Set<string>();
  const duplicate = new Set<string>();
  for (const cs of ciphers) {
    if (!isValidCipherSuite(cs)) invalid.add(cs);
    else if (valid.has(cs)) duplicate.add(cs);
    else valid.add(cs);
  }
  if (invalid.size > 0) report.warn(code, at(path, 'cipherSuites'), `ignoring invalid cipher suites: ${[...invalid].sort().join(', ')}`);
  if (duplicate.size > 0) report.warn(code, at(path, 'cipherSuites'), `ignoring duplicate cipher suites: ${[...duplicate].sort().join(', ')}`);

  const serverCertificate = str(tls.serverCertificate);
  const privateKey = str(tls.privateKey);
  const caCertificates = str(tls.caCertificates);
  const credentialName = str(tls.credentialName);
  const hasCredentialNames = nonEmpty(tls.credentialNames);
  const tlsCertificates = arr(tls.tlsCertificates);
  const caCrl = str(tls.caCrl);

  if (mode === 'ISTIO_MUTUAL') {
    const fields: Array<[boolean, string, string]> = [
      [serverCertificate !== '', 'serverCertificate', 'server certificate'],
      [privateKey !== '', 'privateKey', 'private key'],
      [caCertificates !== '', 'caCertificates', 'CA bundle'],
      [tlsCertificates.length > 0, 'tlsCertificates', 'tlsCertificates'],
      [credentialName !== '', 'credentialName', 'credentialName'],
      [hasCredentialNames, 'credentialNames', 'credentialNames'],
    ];
    for (const [set, field, what] of fields) {
      if (set) report.error(code, at(path, field), `ISTIO_MUTUAL TLS cannot have associated ${what}`, 'ISTIO_MUTUAL uses the mesh certificates; remove this field or use MUTUAL.');
    }
    return;
  }
  if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
    if (caCrl !== '' || serverCertificate !== '' || privateKey !== '' || caCertificates !== '' || tlsCertificates.length > 0 || credentialName !== '' || hasCredentialNames) {
      report.warn(code, path, `${mode} mode does not use certificates, they will be ignored`, 'Remove the certificate fields.');
    }
  }
  const sources = (serverCertificate !== '' && privateKey !== '' ? 1 : 0) + (credentialName !== '' ? 1 : 0) + (hasCredentialNames ? 1 : 0) + (tlsCertificates.length > 0 ? 1 : 0);
  if (sources > 1) {
    report.error(code, path, 'only one of credentialName, credentialNames, serverCertificate/privateKey, tlsCertificates should be specified', 'Keep one source of certificates.');
  }
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  if (terminating && (credentialName !== '' || hasCredentialNames)) return;
  if (terminating) {
    const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
    if (mode !== 'SIMPLE' && caCertificates === '') {
      report.error(code, at(path, 'caCertificates'), `${prefix} requires a client CA bundle`, 'Set caCertificates, or use credentialName with a secret that holds the CA.');
    }
    if (tlsCertificates.length > 2) report.warn(code, at(path, 'tlsCertificates'), `${prefix} can support up to 2 server certificates`);
    const certs: Array<[JsonObject, string]> = tlsCertificates.length > 0
      ? tlsCertificates.map((c, i) => [asObj(c) ?? {}, at(at(path, 'tlsCertificates'), i)])
      : [[{ serverCertificate, privateKey }, path]];
    for (const [cert, certPath] of certs) {
      if (str(cert.serverCertificate) === '') {
        report.error(code, at(certPath, 'serverCertificate'), `${prefix} requires a server certificate`, 'Set credentialName to a Kubernetes TLS secret, or serverCertificate and privateKey.');
      }
      if (str(cert.privateKey) === '') {
        report.error(code, at(certPath, 'privateKey'), `${prefix} requires a private key`, 'Set credentialName to a Kubernetes TLS secret, or serverCertificate and privateKey.');
      }
    }
  }
  if (caCrl !== '') {
    if (credentialName !== '') report.error(code, at(path, 'caCrl'), 'CRL is not supported with credentialName. CRL has to be specified in the credential');
    if (mode === 'SIMPLE') report.error(code, at(path, 'caCrl'), 'CRL is not supported with SIMPLE TLS');
  }
}

/** Client-side TLS settings of a traffic policy (`ClientTLSSettings`), as istiod's `ValidateTLS`. */
export function checkClientTLS(report: Report, tls: JsonObject, path: string, namespace: string): void {
  const code = WebhookCode.INVALID_TLS;
  const mode = enumName(tls.mode, CLIENT_TLS_MODES);
  const credentialName = str(tls.credentialName);
  const caCertificates = str(tls.caCertificates);
  const hasSans = nonEmpty(tls.subjectAltNames);
  if (credentialName.startsWith('configmap://')) {
    const [ns, name] = credentialName.slice('configmap://'.length).split('/');
    if (name === undefined || ns === '' || name === '') {
      report.error(code, at(path, 'credentialName'), `invalid configmap:// credentialName ${JSON.stringify(credentialName)}: expected configmap://namespace/name`);
    } else if (namespace !== '' && ns !== namespace) {
      report.error(code, at(path, 'credentialName'), `invalid configmap:// credentialName: namespace must match the configuration namespace "${namespace}"`);
    }
  }
  if (bool(asObj(tls)?.insecureSkipVerify)) {
    if (mode === 'SIMPLE' && (caCertificates !== '' || credentialName !== '' || hasSans)) {
      report.error(code, path, 'cannot specify caCertificates or credentialName or subjectAltNames when insecureSkipVerify is set true',
        'insecureSkipVerify turns server verification off; remove the verification settings or insecureSkipVerify.');
    }
    if (mode === 'MUTUAL' && (caCertificates !== '' || hasSans)) {
      report.error(code, path, 'cannot specify caCertificates or subjectAltNames when insecureSkipVerify is set true',
        'insecureSkipVerify turns server verification off; remove the verification settings or insecureSkipVerify.');
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && credentialName !== '') {
    if (str(tls.clientCertificate) !== '' || caCertificates !== '' || str(tls.privateKey) !== '' || str(tls.caCrl) !== '') {
      report.error(code, path, 'cannot specify client certificates or CA certificate or CA CRL if credentialName is set', 'The secret named by credentialName holds them.');
    }
    return;
  }
  if (mode === 'MUTUAL') {
    if (str(tls.clientCertificate) === '') report.error(code, at(path, 'clientCertificate'), 'client certificate required for mutual tls', 'Set clientCertificate and privateKey, or credentialName.');
    if (str(tls.privateKey) === '') report.error(code, at(path, 'privateKey'), 'private key required for mutual tls', 'Set clientCertificate and privateKey, or credentialName.');
  }
}
