import { CrdSchema, SchemaFile } from './types';
import { GatewayApiChannel } from '../../core/gateway-api';
import { IstioVersion } from '../../core/istio-version';

export * from './types';

const FILES = new Map<string, SchemaFile>();

/** A generated schema file by name (read on first use): only the targeted release and channel are read and parsed. */
function load(name: string): SchemaFile {
  let file = FILES.get(name);
  if (!file) {
    // A plain require keeps start-up cheap.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    file = require(`./${name}.json`) as SchemaFile;
    FILES.set(name, file);
  }
  return file;
}

/** The generated schemas of one Istio release (read on first use). */
export function schemaFile(version: IstioVersion): SchemaFile {
  return load(`istio-${version}`);
}

/** The generated schemas of one Gateway API channel (read on first use). */
export function gatewayApiSchemaFile(channel: GatewayApiChannel): SchemaFile {
  return load(gatewayApiFileKey(channel));
}

/** The name of a channel's schema file (and of its precompiled validators), e.g. `gateway-api-standard`. */
export function gatewayApiFileKey(channel: GatewayApiChannel): string {
  return `gateway-api-${channel}`;
}

/** A served kind of one Istio release or Gateway API channel. */
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
  return kindIn(schemaFile(version), apiVersion, kind);
}

/** The schema of `apiVersion` + `kind` in a Gateway API channel, if that channel serves it. */
export function findGatewayApiKind(channel: GatewayApiChannel, apiVersion: string, kind: string): KindSchema | undefined {
  return kindIn(gatewayApiSchemaFile(channel), apiVersion, kind);
}

function kindIn(file: SchemaFile, apiVersion: string, kind: string): KindSchema | undefined {
  const index = file.kinds[`${apiVersion}/${kind}`];
  if (index === undefined) return undefined;
  const [group, v] = apiVersion.split('/');
  return { group, version: v, kind, index, schema: file.schemas[index] };
}

/** Every `group/version/Kind` key a release serves. */
export function servedKinds(version: IstioVersion): string[] {
  return Object.keys(schemaFile(version).kinds);
}

/** Every `group/version/Kind` key a Gateway API channel serves. */
export function gatewayApiServedKinds(channel: GatewayApiChannel): string[] {
  return Object.keys(gatewayApiSchemaFile(channel).kinds);
}
