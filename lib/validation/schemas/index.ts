import { CrdSchema, SchemaFile } from './types';
import { IstioVersion } from '../../core/istio-version';

export * from './types';

const FILES = new Map<IstioVersion, SchemaFile>();

/** The generated schemas of one Istio release (read on first use). */
export function schemaFile(version: IstioVersion): SchemaFile {
  let file = FILES.get(version);
  if (!file) {
    // A plain require keeps start-up cheap: only the targeted release is read and parsed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    file = require(`./istio-${version}.json`) as SchemaFile;
    FILES.set(version, file);
  }
  return file;
}

/** A served kind of one Istio release. */
export interface KindSchema {
  /** e.g. `networking.istio.io`. */
  readonly group: string;
  /** e.g. `v1`. */
  readonly version: string;
  /** e.g. `VirtualService`. */
  readonly kind: string;
  /** Index of the schema in its release's file (the cache key of compiled validators). */
  readonly index: number;
  /** The CRD's `openAPIV3Schema`. */
  readonly schema: CrdSchema;
}

/** The schema of `apiVersion` + `kind` in a release, if that release serves it. */
export function findKind(version: IstioVersion, apiVersion: string, kind: string): KindSchema | undefined {
  const file = schemaFile(version);
  const index = file.kinds[`${apiVersion}/${kind}`];
  if (index === undefined) return undefined;
  const [group, v] = apiVersion.split('/');
  return { group, version: v, kind, index, schema: file.schemas[index] };
}

/** Every `group/version/Kind` key a release serves. */
export function servedKinds(version: IstioVersion): string[] {
  return Object.keys(schemaFile(version).kinds);
}
