import { checkNonEmpty, nonEmpty } from './checks';
import type { DestinationRuleSpecTrafficPolicyTls, GatewaySpecServersTls } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** How a Gateway server (or a Sidecar ingress listener) handles TLS. */
export enum ServerTlsMode {
  /** Terminate TLS with the server's certificate. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate signed by the given CA. */
  MUTUAL = 'MUTUAL',
  /** Accept client certificates but do not require them. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
  /** Do not terminate: route by SNI to the destination, which terminates. */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Do not terminate: route by SNI to the cluster encoded in it, without a VirtualService (east-west gateways). */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
  /** Mesh mTLS with Istio's own certificates (gateways reached from inside the mesh). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** TLS protocol versions. */
export enum TlsProtocolVersion {
  /** Envoy's default. */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0. */
  TLSV1_0 = 'TLSV1_0',
  /** TLS 1.1. */
  TLSV1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}

/** Settings of a terminating server TLS mode. */
export interface ServerTlsOptions {
  /**
   * The lowest TLS version accepted.
   * @default TlsProtocolVersion.TLSV1_2
   */
  readonly minProtocolVersion?: TlsProtocolVersion;
  /**
   * The highest TLS version accepted.
   * @default TlsProtocolVersion.TLSV1_3
   */
  readonly maxProtocolVersion?: TlsProtocolVersion;
  /**
   * Cipher suites accepted.
   * @default - Envoy's defaults
   */
  readonly cipherSuites?: string[];
  /**
   * Subject alternative names a client certificate must carry (MUTUAL modes).
   * @default - any
   */
  readonly subjectAltNames?: string[];
}

/** Certificate files mounted in the proxy, for server TLS without a Kubernetes Secret (Sidecar ingress listeners need these). */
export interface ServerCertificateFiles {
  /** Path of the server certificate (PEM). */
  readonly serverCertificate: string;
  /** Path of the server's private key (PEM). */
  readonly privateKey: string;
  /**
   * Path of the CA certificates that verify client certificates; required for MUTUAL.
   * @default - none (SIMPLE)
   */
  readonly caCertificates?: string;
}

interface ServerTlsSettings extends ServerTlsOptions {
  readonly mode: ServerTlsMode;
  readonly credentialName?: string;
  readonly files?: ServerCertificateFiles;
}

/**
 * TLS of a Gateway server or a Sidecar ingress listener. Each mode takes only the settings it uses:
 * `ISTIO_MUTUAL` and the passthrough modes take no certificates.
 *
 * @example ServerTls.simple('bookinfo-secret')
 */
export class ServerTls {
  /** Terminate TLS with the certificate and key in the Kubernetes Secret `credentialName` (in the gateway's namespace). */
  public static simple(credentialName: string, options: ServerTlsOptions = {}): ServerTls {
    return new ServerTls({ ...options, mode: ServerTlsMode.SIMPLE, credentialName: checkNonEmpty(credentialName, 'ServerTls.simple credentialName') });
  }

  /** Terminate TLS and require client certificates; the Secret `credentialName` also holds the CA (`ca.crt`). */
  public static mutual(credentialName: string, options: ServerTlsOptions = {}): ServerTls {
    return new ServerTls({ ...options, mode: ServerTlsMode.MUTUAL, credentialName: checkNonEmpty(credentialName, 'ServerTls.mutual credentialName') });
  }

  /** Terminate TLS and verify client certificates when presented. */
  public static optionalMutual(credentialName: string, options: ServerTlsOptions = {}): ServerTls {
    return new ServerTls({ ...options, mode: ServerTlsMode.OPTIONAL_MUTUAL, credentialName: checkNonEmpty(credentialName, 'ServerTls.optionalMutual credentialName') });
  }

  /** Terminate TLS with certificate files mounted in the proxy (the form Sidecar ingress listeners accept). */
  public static simpleFromFiles(files: ServerCertificateFiles, options: ServerTlsOptions = {}): ServerTls {
    return new ServerTls({ ...options, mode: ServerTlsMode.SIMPLE, files: checkFiles(files, 'ServerTls.simpleFromFiles') });
  }

  /** Terminate TLS and require client certificates verified with `caCertificates`, from files mounted in the proxy. */
  public static mutualFromFiles(files: ServerCertificateFiles, options: ServerTlsOptions = {}): ServerTls {
    checkNonEmpty(files.caCertificates, 'ServerTls.mutualFromFiles caCertificates');
    return new ServerTls({ ...options, mode: ServerTlsMode.MUTUAL, files: checkFiles(files, 'ServerTls.mutualFromFiles') });
  }

  /** Pass TLS through to the destination chosen by SNI (with a VirtualService `tls` route). */
  public static passthrough(): ServerTls {
    return new ServerTls({ mode: ServerTlsMode.PASSTHROUGH });
  }

  /** Pass TLS through to the cluster named in SNI, without a VirtualService (for TLS servers of east-west gateways). */
  public static autoPassthrough(): ServerTls {
    return new ServerTls({ mode: ServerTlsMode.AUTO_PASSTHROUGH });
  }

  /** Mesh mTLS with Istio's certificates; takes no certificate of its own. */
  public static istioMutual(options: Pick<ServerTlsOptions, 'subjectAltNames'> = {}): ServerTls {
    return new ServerTls({ mode: ServerTlsMode.ISTIO_MUTUAL, subjectAltNames: options.subjectAltNames });
  }

  private constructor(private readonly settings: ServerTlsSettings) {}

  /** The TLS mode. */
  public get mode(): ServerTlsMode {
    return this.settings.mode;
  }

  /** The Kubernetes Secret holding the certificates, if they come from one. */
  public get credentialName(): string | undefined {
    return this.settings.credentialName;
  }

  /** The subject alternative names required of client certificates, if any. */
  public get subjectAltNames(): string[] | undefined {
    return nonEmpty(this.settings.subjectAltNames);
  }

  /** Renders the `tls` block. */
  public toJson(): Wire<GatewaySpecServersTls> {
    const s = this.settings;
    return dropUndefined({
      mode: s.mode,
      credentialName: s.credentialName,
      serverCertificate: s.files?.serverCertificate,
      privateKey: s.files?.privateKey,
      caCertificates: s.files?.caCertificates,
      subjectAltNames: nonEmpty(s.subjectAltNames),
      minProtocolVersion: s.minProtocolVersion,
      maxProtocolVersion: s.maxProtocolVersion,
      cipherSuites: nonEmpty(s.cipherSuites),
    });
  }
}

function checkFiles(files: ServerCertificateFiles, what: string): ServerCertificateFiles {
  checkNonEmpty(files.serverCertificate, `${what} serverCertificate`);
  checkNonEmpty(files.privateKey, `${what} privateKey`);
  return { ...files };
}

/** How a client (sidecar or gateway) opens TLS to a destination. */
export enum ClientTlsMode {
  /** Plain text. */
  DISABLE = 'DISABLE',
  /** TLS, verifying the server. */
  SIMPLE = 'SIMPLE',
  /** TLS with a client certificate. */
  MUTUAL = 'MUTUAL',
  /** Mesh mTLS with Istio's certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** Server verification settings of client TLS. */
export interface ClientTlsOptions {
  /**
   * The SNI to present.
   * @default - the destination host (for SIMPLE and MUTUAL)
   */
  readonly sni?: string;
  /**
   * Subject alternative names the server certificate must carry.
   * @default - any
   */
  readonly subjectAltNames?: string[];
}

/** Settings of SIMPLE and MUTUAL client TLS. */
export interface OriginationTlsOptions extends ClientTlsOptions {
  /**
   * A file on the proxy with the CA certificates to verify the server with (e.g. `/etc/ssl/certs/ca-certificates.crt`).
   * Cannot be combined with `credentialName`.
   * @default - the proxy's system roots
   */
  readonly caCertificates?: string;
  /**
   * A Kubernetes Secret (in the proxy's namespace; gateways only) with the CA (`ca.crt`) and, for MUTUAL, the client certificate and key.
   * @default - none
   */
  readonly credentialName?: string;
  /**
   * Skip verifying the server's certificate and SANs. Unsafe outside tests.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/** Client certificate files of MUTUAL client TLS. */
export interface ClientCertificateOptions extends OriginationTlsOptions {
  /**
   * A file on the proxy with the client certificate. Required unless `credentialName` is set.
   * @default - from `credentialName`
   */
  readonly clientCertificate?: string;
  /**
   * A file on the proxy with the client's private key. Required unless `credentialName` is set.
   * @default - from `credentialName`
   */
  readonly privateKey?: string;
}

/**
 * TLS a client uses toward a destination (DestinationRule `tls`).
 * @example ClientTls.simple({ sni: 'api.example.com' }) // TLS origination
 */
export class ClientTls {
  /** Plain text. */
  public static disable(): ClientTls {
    return new ClientTls({ mode: ClientTlsMode.DISABLE });
  }

  /** Originate TLS, verifying the server. */
  public static simple(options: OriginationTlsOptions = {}): ClientTls {
    checkOrigination(options, 'ClientTls.simple');
    return new ClientTls({ mode: ClientTlsMode.SIMPLE, ...options });
  }

  /** Originate TLS with a client certificate: give `credentialName`, or `clientCertificate` and `privateKey`. */
  public static mutual(options: ClientCertificateOptions): ClientTls {
    checkOrigination(options, 'ClientTls.mutual');
    const files = options.clientCertificate !== undefined && options.privateKey !== undefined;
    if (!files && options.credentialName === undefined) {
      throw fieldError('ClientTls.mutual', 'needs credentialName, or both clientCertificate and privateKey', 'Give the Secret\'s name, or both file paths.');
    }
    return new ClientTls({ mode: ClientTlsMode.MUTUAL, ...options });
  }

  /** Mesh mTLS with Istio's certificates. */
  public static istioMutual(options: ClientTlsOptions = {}): ClientTls {
    return new ClientTls({ mode: ClientTlsMode.ISTIO_MUTUAL, sni: options.sni, subjectAltNames: options.subjectAltNames });
  }

  private constructor(private readonly settings: ClientCertificateOptions & { readonly mode: ClientTlsMode }) {}

  /** The TLS mode. */
  public get mode(): ClientTlsMode {
    return this.settings.mode;
  }

  /** Renders the `tls` block. */
  public toJson(): Wire<DestinationRuleSpecTrafficPolicyTls> {
    const s = this.settings;
    return dropUndefined({
      mode: s.mode,
      credentialName: s.credentialName,
      clientCertificate: s.clientCertificate,
      privateKey: s.privateKey,
      caCertificates: s.caCertificates,
      sni: s.sni,
      subjectAltNames: nonEmpty(s.subjectAltNames),
      insecureSkipVerify: s.insecureSkipVerify,
    });
  }
}

function checkOrigination(options: OriginationTlsOptions, what: string): void {
  if (options.caCertificates !== undefined && options.credentialName !== undefined) {
    throw fieldError(what, 'give caCertificates or credentialName, not both (the Secret carries the CA).');
  }
  if (options.sni !== undefined) checkNonEmpty(options.sni, `${what} sni`);
}
