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
}

/** The release targeted when none is configured. */
export const DEFAULT_ISTIO_VERSION = IstioVersion.V1_30;

/** Every supported release, oldest first. */
export const SUPPORTED_ISTIO_VERSIONS: readonly IstioVersion[] = [IstioVersion.V1_28, IstioVersion.V1_29, IstioVersion.V1_30];

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

/** The supported releases as words: `1.28, 1.29 or 1.30`. */
export function supportedIstioVersionsText(): string {
  const all = SUPPORTED_ISTIO_VERSIONS;
  return all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}

/**
 * Parses a user-given version such as `1.30`, `1.30.3` or `v1.29` into a supported release.
 * @throws when the release is not supported
 */
export function parseIstioVersion(text: string): IstioVersion {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  const found = m ? SUPPORTED_ISTIO_VERSIONS.find((v) => v === `${m[1]}.${m[2]}`) : undefined;
  if (!found) {
    throw new Error(`Unsupported Istio version '${text}': use one of ${SUPPORTED_ISTIO_VERSIONS.join(', ')}.`);
  }
  return found;
}
