import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_SYSTEM } from './istio-operator';
import { ConfigProblem, detachOnError, fieldError, throwIfProblems } from '../core/errors';

/** Where a PEM file's text comes from: a file read at construction, or a string. */
export class PemSource {
  /**
   * Reads the file at `filePath` (relative to the working directory) when the construct is created.
   * @throws IstioConfigError when `filePath` is PEM text rather than a path (naming the mistake, never quoting the text)
   */
  public static fromFile(filePath: string): PemSource {
    if (!looksLikePath(filePath)) {
      throw fieldError('PemSource.fromFile filePath', 'is PEM text or other content, not a file path (it is not shown here, as it may hold a private key)',
        'Pass a path, or use PemSource.fromString() for PEM text.');
    }
    return new PemSource(`file ${filePath}`, () => {
      try {
        return fs.readFileSync(filePath, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        throw fieldError('PemSource.fromFile filePath', `${filePath} cannot be read (${code})`, 'Give a readable file.');
      }
    });
  }

  /** PEM text given directly (e.g. from a secret store at synth time). */
  public static fromString(pem: string): PemSource {
    return new PemSource('the given string', () => pem);
  }

  private constructor(
    /** Where the text comes from, for error messages (never the text itself). */
    public readonly origin: string,
    private readonly load: () => string | undefined,
  ) {}

  /** The text, or undefined when the file does not exist. */
  public read(): string | undefined {
    return this.load();
  }
}

/** Whether a string can be a file path, not file content: one line, no PEM armour, not a run of base64, short. */
function looksLikePath(value: string): boolean {
  return value.length > 0 && value.length <= 4096 && !/[\r\n\0]/.test(value) && !value.includes('-----BEGIN') && !value.includes('-----END')
    && !/^[A-Za-z0-9+/=]{64,}$/.test(value);
}

/** The four files of a plug-in CA, as `istioctl` and Istio's `tools/certs` name them. */
export interface PluginCaProps {
  /** `root-cert.pem`: the root certificate shared by every cluster of the mesh. */
  readonly rootCert: PemSource;
  /** `cert-chain.pem`: this cluster's CA certificate followed by the chain up to the root. */
  readonly certChain: PemSource;
  /** `ca-cert.pem`: this cluster's intermediate CA certificate, which istiod signs workload certificates with. */
  readonly caCert: PemSource;
  /** `ca-key.pem`: the private key of `ca-cert.pem`, unencrypted. */
  readonly caKey: PemSource;
  /**
   * Namespace of the control plane.
   * @default istio-system
   */
  readonly namespace?: string;
}

/** Code of the plug-in CA errors (CIS61xx): missing file, not PEM, wrong block, key mismatch, not a CA, wrong issuer. */
export const PLUGIN_CA_CODES = {
  MISSING_FILE: 'CIS6101',
  NOT_PEM: 'CIS6102',
  KEY_MISMATCH: 'CIS6103',
  NOT_A_CA: 'CIS6104',
  WRONG_ISSUER: 'CIS6105',
} as const;

const FILES = { rootCert: 'root-cert.pem', certChain: 'cert-chain.pem', caCert: 'ca-cert.pem', caKey: 'ca-key.pem' } as const;
type FileKey = keyof typeof FILES;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;
const PRIVATE_KEY_TYPES = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

interface PemBlock { readonly type: string; readonly der: Buffer }

/** The PEM blocks of a text, or a description of what is wrong with its shape (never quoting it). */
function pemBlocks(text: string): PemBlock[] | string {
  const blocks: PemBlock[] = [];
  let rest = text;
  for (const m of text.matchAll(PEM_BLOCK)) {
    blocks.push({ type: m[1], der: Buffer.from(m[2].replace(/\s/g, ''), 'base64') });
    rest = rest.replace(m[0], '');
  }
  if (!blocks.length) return 'has no PEM block (-----BEGIN ...----- / -----END ...-----)';
  if (/-----(BEGIN|END) /.test(rest)) return 'has a PEM block that is not closed, or whose END line does not match its BEGIN line';
  return blocks;
}

/**
 * The `cacerts` Secret that makes istiod sign workload certificates with your CA instead of a
 * self-signed one ("plug-in CA"): required for a multi-cluster mesh, where every cluster's CA must
 * chain to one root. Checked at construction: all four files present, PEM-shaped, certificates
 * that parse, an unencrypted private key matching `ca-cert.pem`, a CA certificate issued by the
 * root or the chain. Error messages name files, never their content.
 *
 * The Secret holds the CA's private key: synthesize it into a place that is not committed in clear
 * (e.g. seal it with SOPS or Sealed Secrets before it reaches Git).
 *
 * @example
 * PluginCa.fromDirectory(chart, 'cacerts', 'certs/cluster1');
 */
export class PluginCa extends Construct {
  /** A plug-in CA from a folder holding `root-cert.pem`, `cert-chain.pem`, `ca-cert.pem` and `ca-key.pem`. */
  public static fromDirectory(scope: Construct, id: string, directory: string, props: { readonly namespace?: string } = {}): PluginCa {
    return new PluginCa(scope, id, {
      rootCert: PemSource.fromFile(path.join(directory, FILES.rootCert)),
      certChain: PemSource.fromFile(path.join(directory, FILES.certChain)),
      caCert: PemSource.fromFile(path.join(directory, FILES.caCert)),
      caKey: PemSource.fromFile(path.join(directory, FILES.caKey)),
      ...props,
    });
  }

  /** The Secret `cacerts`. */
  public readonly secret: ApiObject;
  /** SHA-256 fingerprint of the root certificate (to check that clusters share a root). */
  public readonly rootFingerprint: string;

  public constructor(scope: Construct, id: string, props: PluginCaProps) {
    super(scope, id);
    const texts = {} as Record<FileKey, string>;
    const errors: ConfigProblem[] = [];
    for (const key of Object.keys(FILES) as FileKey[]) {
      const source = props[key] as PemSource | undefined;
      const text = source?.read();
      if (text === undefined || text.trim() === '') {
        const where = source ? ` (${text === undefined ? 'no' : 'empty'} ${source.origin})` : '';
        errors.push({ field: key, problem: `${PLUGIN_CA_CODES.MISSING_FILE} ${FILES[key]} is missing${where}`, fix: `Give the ${FILES[key]} of the CA.` });
      } else {
        texts[key] = text;
      }
    }
    // The PEM checks name the file in each problem; no message quotes a file's text.
    if (!errors.length) errors.push(...checkPluginCa(texts).map((problem) => ({ problem })));
    detachOnError(this, () => throwIfProblems(this, errors, 'Secret cacerts'));
    this.rootFingerprint = new crypto.X509Certificate(texts.rootCert).fingerprint256;
    this.secret = new ApiObject(this, 'Secret', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cacerts', namespace: props.namespace ?? ISTIO_SYSTEM },
      type: 'Opaque',
      data: Object.fromEntries((Object.keys(FILES) as FileKey[]).map((k) => [FILES[k], Buffer.from(texts[k], 'utf8').toString('base64')])),
    });
  }
}

/** Checks the four texts; returns error lines that name files, never their content. */
function checkPluginCa(texts: Record<FileKey, string>): string[] {
  const errors: string[] = [];
  const certs = {} as Record<Exclude<FileKey, 'caKey'>, crypto.X509Certificate[]>;
  for (const key of ['rootCert', 'certChain', 'caCert'] as const) {
    const blocks = pemBlocks(texts[key]);
    if (typeof blocks === 'string') {
      errors.push(`${PLUGIN_CA_CODES.NOT_PEM} ${FILES[key]} ${blocks}`);
      continue;
    }
    const wrong = blocks.filter((b) => b.type !== 'CERTIFICATE');
    if (wrong.length) {
      errors.push(`${PLUGIN_CA_CODES.NOT_PEM} ${FILES[key]} must hold only CERTIFICATE blocks, found ${[...new Set(wrong.map((b) => b.type))].join(', ')}`);
      continue;
    }
    try {
      certs[key] = blocks.map((b) => new crypto.X509Certificate(b.der));
    } catch {
      errors.push(`${PLUGIN_CA_CODES.NOT_PEM} ${FILES[key]} has a CERTIFICATE block that is not a valid X.509 certificate`);
    }
  }

  let key: crypto.KeyObject | undefined;
  const keyBlocks = pemBlocks(texts.caKey);
  if (typeof keyBlocks === 'string') {
    errors.push(`${PLUGIN_CA_CODES.NOT_PEM} ca-key.pem ${keyBlocks}`);
  } else if (keyBlocks.length !== 1 || !PRIVATE_KEY_TYPES.includes(keyBlocks[0].type)) {
    const found = keyBlocks.map((b) => b.type).join(', ');
    const encrypted = keyBlocks.some((b) => b.type === 'ENCRYPTED PRIVATE KEY');
    errors.push(`${PLUGIN_CA_CODES.NOT_PEM} ca-key.pem must hold exactly one unencrypted private key (${PRIVATE_KEY_TYPES.join(' / ')}), found ${found}`
      + (encrypted ? ': istiod cannot decrypt it; decrypt it first (openssl pkey -in key.pem -out ca-key.pem)' : ''));
  } else {
    try {
      key = crypto.createPrivateKey(texts.caKey);
    } catch {
      errors.push(`${PLUGIN_CA_CODES.NOT_PEM} ca-key.pem is not a readable private key`);
    }
  }

  const ca = certs.caCert?.[0];
  if (ca) {
    if (certs.caCert.length !== 1) errors.push(`${PLUGIN_CA_CODES.NOT_PEM} ca-cert.pem must hold one certificate, found ${certs.caCert.length}`);
    if (!ca.ca) errors.push(`${PLUGIN_CA_CODES.NOT_A_CA} ca-cert.pem is not a CA certificate (basicConstraints CA:TRUE): istiod cannot sign with it`);
    if (key && !ca.checkPrivateKey(key)) errors.push(`${PLUGIN_CA_CODES.KEY_MISMATCH} ca-key.pem is not the private key of ca-cert.pem`);
    // ca-cert.pem may be the root itself (a single cluster using its root directly).
    const isRoot = (certs.rootCert ?? []).some((c) => c.fingerprint256 === ca.fingerprint256);
    const issuers = [...certs.certChain ?? [], ...certs.rootCert ?? []].filter((c) => c.fingerprint256 !== ca.fingerprint256);
    if (!isRoot && (certs.certChain || certs.rootCert) && !issuers.some((c) => ca.checkIssued(c) && ca.verify(c.publicKey))) {
      errors.push(`${PLUGIN_CA_CODES.WRONG_ISSUER} ca-cert.pem is not signed by root-cert.pem or a certificate of cert-chain.pem`);
    }
  }
  return errors;
}
