import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { CA_FIXTURES } from './helpers';
import { IstioConfigError, PemSource, PluginCa } from '../../lib';

const fixture = (...p: string[]) => path.join(CA_FIXTURES, ...p);
const read = (...p: string[]) => fs.readFileSync(fixture(...p), 'utf8');

/** Every base64 line of the private keys the tests use: none may appear in an error. */
const KEY_LINES = ['cluster1/ca-key.pem', 'other-key.pem', 'encrypted-key.pem', 'leaf-key.pem']
  .flatMap((f) => read(f).split('\n'))
  .filter((l) => l.length > 16 && !l.startsWith('-----'));

function constructionError(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    const message = (e as Error).message;
    for (const line of KEY_LINES) expect(message).not.toContain(line);
    return message;
  }
  throw new Error('expected construction to fail');
}

/** The four sources of cluster1, with some replaced. */
function cluster1(overrides: Partial<Record<'rootCert' | 'certChain' | 'caCert' | 'caKey', PemSource>> = {}) {
  return {
    rootCert: PemSource.fromFile(fixture('cluster1', 'root-cert.pem')),
    certChain: PemSource.fromFile(fixture('cluster1', 'cert-chain.pem')),
    caCert: PemSource.fromFile(fixture('cluster1', 'ca-cert.pem')),
    caKey: PemSource.fromFile(fixture('cluster1', 'ca-key.pem')),
    ...overrides,
  };
}

describe('PluginCa', () => {
  test('the guide\'s `kubectl create secret generic cacerts -n istio-system --from-file=...` as a construct', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const ca = PluginCa.fromDirectory(chart, 'cacerts', fixture('cluster1'));
    // THEN
    const [secret] = Testing.synth(chart);
    expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'cacerts', namespace: 'istio-system' } });
    expect(Object.keys(secret.data).sort()).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
    for (const file of Object.keys(secret.data)) {
      expect(Buffer.from(secret.data[file], 'base64').toString('utf8')).toBe(read('cluster1', file));
    }
    expect(ca.rootFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  test('PEM strings work as well as files, and another namespace can be chosen', () => {
    const chart = Testing.chart();
    new PluginCa(chart, 'ca', {
      rootCert: PemSource.fromString(read('cluster2', 'root-cert.pem')),
      certChain: PemSource.fromString(read('cluster2', 'cert-chain.pem')),
      caCert: PemSource.fromString(read('cluster2', 'ca-cert.pem')),
      caKey: PemSource.fromString(read('cluster2', 'ca-key.pem')),
      namespace: 'istio-control',
    });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'cacerts', namespace: 'istio-control' });
  });

  test('a missing file is named, with where it was looked for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cacerts-'));
    for (const f of ['root-cert.pem', 'cert-chain.pem', 'ca-cert.pem']) fs.copyFileSync(fixture('cluster1', f), path.join(dir, f));
    const message = constructionError(() => PluginCa.fromDirectory(Testing.chart(), 'cacerts', dir));
    expect(message).toBe(`test/cacerts (Secret cacerts): caKey: CIS6101 ca-key.pem is missing (no file ${path.join(dir, 'ca-key.pem')}). Give the ca-key.pem of the CA.`);
  });

  test('every missing or empty file is reported at once', () => {
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({
      rootCert: PemSource.fromString(''),
      caKey: undefined as unknown as PemSource,
    })));
    expect(message).toContain('CIS6101 root-cert.pem is missing (empty the given string)');
    expect(message).toContain('CIS6101 ca-key.pem is missing');
  });

  test('text that is not PEM, and PEM blocks of the wrong type', () => {
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({
      rootCert: PemSource.fromString('not a certificate'),
      certChain: PemSource.fromString(read('cluster1', 'ca-key.pem')),
      caKey: PemSource.fromString(read('cluster1', 'ca-cert.pem')),
    })));
    expect(message).toContain('CIS6102 root-cert.pem has no PEM block');
    expect(message).toContain('CIS6102 cert-chain.pem must hold only CERTIFICATE blocks, found PRIVATE KEY');
    expect(message).toContain('CIS6102 ca-key.pem must hold exactly one unencrypted private key (PRIVATE KEY / RSA PRIVATE KEY / EC PRIVATE KEY), found CERTIFICATE');
  });

  test('a truncated PEM block', () => {
    const truncated = read('cluster1', 'ca-cert.pem').replace(/-----END CERTIFICATE-----\s*$/, '');
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({ caCert: PemSource.fromString(truncated) })));
    expect(message).toContain('CIS6102 ca-cert.pem has no PEM block');
  });

  test('an encrypted key: istiod cannot read it', () => {
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({ caKey: PemSource.fromFile(fixture('encrypted-key.pem')) })));
    expect(message).toContain('found ENCRYPTED PRIVATE KEY: istiod cannot decrypt it');
  });

  test('a key that is not the CA certificate\'s', () => {
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({ caKey: PemSource.fromFile(fixture('other-key.pem')) })));
    expect(message).toContain('CIS6103 ca-key.pem is not the private key of ca-cert.pem');
  });

  test('a CA certificate that the root did not sign', () => {
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({
      rootCert: PemSource.fromFile(fixture('other-root', 'root-cert.pem')),
      certChain: PemSource.fromFile(fixture('cluster1', 'ca-cert.pem')),
    })));
    expect(message).toContain('CIS6105 ca-cert.pem is not signed by root-cert.pem or a certificate of cert-chain.pem');
  });

  test('a CA certificate file with more than one certificate', () => {
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({
      caCert: PemSource.fromString(read('cluster1', 'cert-chain.pem')),
    })));
    expect(message).toContain('CIS6102 ca-cert.pem must hold one certificate, found 2');
  });

  test('a workload certificate instead of a CA certificate', () => {
    const message = constructionError(() => new PluginCa(Testing.chart(), 'ca', cluster1({
      caCert: PemSource.fromFile(fixture('leaf-cert.pem')),
      caKey: PemSource.fromFile(fixture('leaf-key.pem')),
    })));
    expect(message).toContain('CIS6104 ca-cert.pem is not a CA certificate (basicConstraints CA:TRUE): istiod cannot sign with it');
    expect(message).not.toContain('CIS6103');
    expect(message).not.toContain('CIS6105');
  });

  test('the root itself may serve as the CA of a single cluster', () => {
    const chart = Testing.chart();
    expect(() => new PluginCa(chart, 'ca', {
      rootCert: PemSource.fromFile(fixture('cluster1', 'ca-cert.pem')),
      certChain: PemSource.fromFile(fixture('cluster1', 'ca-cert.pem')),
      caCert: PemSource.fromFile(fixture('cluster1', 'ca-cert.pem')),
      caKey: PemSource.fromFile(fixture('cluster1', 'ca-key.pem')),
    })).not.toThrow();
  });
});

describe('PemSource.fromFile given PEM text instead of a path', () => {
  const pem = read('cluster1', 'ca-key.pem');

  test('GIVEN the key itself WHEN fromFile is called THEN it fails naming the mistake, with no key byte in message or stack', () => {
    let error: Error | undefined;
    try {
      PemSource.fromFile(pem);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^PemSource\.fromFile filePath is PEM text or other content, not a file path/);
    expect(IstioConfigError.isIstioConfigError(error) && error.problems[0].field).toBe('PemSource.fromFile filePath');
    expect(error?.message).toContain('PemSource.fromString()');
    for (const line of KEY_LINES) {
      expect(error?.message).not.toContain(line);
      expect(error?.stack).not.toContain(line);
    }
    expect(`${error?.message}${error?.stack}`).not.toContain('PRIVATE KEY');
  });

  test('GIVEN a key\'s base64 without its armour, on several lines or one WHEN used as a path THEN refused the same way', () => {
    const body = pem.replace(/-----[A-Z ]+-----/g, '').trim();
    expect(() => PemSource.fromFile(body)).toThrow(/not a file path/);
    expect(() => PemSource.fromFile(body.replace(/\s/g, ''))).toThrow(/not a file path/);
  });
});
