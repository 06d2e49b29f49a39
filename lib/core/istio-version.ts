/**
 * The Istio release a configuration targets. Checks use that release's CRD schemas and rules,
 * so a field added in a newer release is an error for an older target.
 */
export enum IstioVersion {
  /** Istio 1.28 (CRDs of 1.28.10). */
  V1_28 = '1.28',
  /** Istio 1.29 (CRDs of 1.29.6). */
  V1_29 = '1.29',
  /** Istio 1.30 (CRDs of 1.30.3). */
  V1_30 = '1.30',
  /** Istio 1.31 (schema of 1.31.0-rc.0, the latest published; webhook rules of 1.31.0-rc.0). */
  V1_31 = '1.31',
}

/** The release targeted when none is configured: the newest final release (1.31 is a release candidate). */
export const DEFAULT_ISTIO_VERSION = IstioVersion.V1_30;

/**
 * The release table, oldest first: each supported release and the Istio release whose CRDs
 * (`data/istio/<release>/crd-all.gen.yaml`) its checks are generated from. Adding a release is a row
 * here (and its enum member), then `npx projen gen-schemas`.
 */
export const ISTIO_RELEASES: readonly { readonly version: IstioVersion; readonly crds: string }[] = [
  { version: IstioVersion.V1_28, crds: '1.28.10' },
  { version: IstioVersion.V1_29, crds: '1.29.6' },
  { version: IstioVersion.V1_30, crds: '1.30.3' },
  { version: IstioVersion.V1_31, crds: '1.31.0-rc.0' },
];

/** Every supported release, oldest first. */
export const SUPPORTED_ISTIO_VERSIONS: readonly IstioVersion[] = ISTIO_RELEASES.map((r) => r.version);

/** Whether `version` is `release` or newer (releases compare by their order, not by name). */
export function isAtLeast(version: IstioVersion, release: IstioVersion): boolean {
  return SUPPORTED_ISTIO_VERSIONS.indexOf(version) >= SUPPORTED_ISTIO_VERSIONS.indexOf(release);
}

/**
 * The value of a table of values by release for `version`: the row of the newest release at or before it
 * (a table lists a release only where the value changes).
 */
export function sinceRelease<T>(table: Readonly<Partial<Record<IstioVersion, T>>>, version: IstioVersion): T | undefined {
  let value: T | undefined;
  for (const release of SUPPORTED_ISTIO_VERSIONS) {
    if (!isAtLeast(version, release)) break;
    value = table[release] ?? value;
  }
  return value;
}

/** The supported releases as words: `1.28, 1.29, 1.30 or 1.31`. */
export function supportedIstioVersionsText(): string {
  const all = SUPPORTED_ISTIO_VERSIONS;
  return all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}

/**
 * Parses a user-given version such as `1.30`, `1.30.3`, `v1.29` or `1.31.0-rc.0` into a supported release.
 * @throws when the release is not supported
 */
export function parseIstioVersion(text: string): IstioVersion {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+(?:-[0-9A-Za-z.]+)?)?$/.exec(text.trim());
  const found = m ? SUPPORTED_ISTIO_VERSIONS.find((v) => v === `${m[1]}.${m[2]}`) : undefined;
  if (!found) {
    throw new Error(`Unsupported Istio version '${text}': use one of ${SUPPORTED_ISTIO_VERSIONS.join(', ')}.`);
  }
  return found;
}
