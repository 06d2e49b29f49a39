// `--dataplane` and `--namespace-dataplane`: the CLI's form of IstioSettings' `dataplane` and `namespaceDataplanes`.
import type { DataplaneAssumptions } from '../analysis/context';
import { Dataplane } from '../core/dataplane';

/** The options to give `parseArgs`. */
export const DATAPLANE_OPTIONS = {
  'dataplane': { type: 'string' },
  'namespace-dataplane': { type: 'string', multiple: true },
} as const;

/** The usage lines of the two options: flags from `indent`, descriptions at `column`. */
export function dataplaneUsage(column: number, indent = '  '): string[] {
  const line = (flag: string, text: string) => (indent.length + flag.length < column
    ? [`${indent}${flag}`.padEnd(column) + text]
    : [`${indent}${flag}`, ' '.repeat(column) + text]);
  return [
    ...line('--dataplane MODE', 'the data plane of namespaces the files do not define: sidecar (default) or ambient'),
    ...line('--namespace-dataplane NS=MODE', 'the data plane of namespace NS if the files do not define it (repeatable)'),
  ];
}

/** A `--dataplane` value or a `--namespace-dataplane` value that cannot be read. */
export class DataplaneFlagError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DataplaneFlagError';
  }
}

function parseMode(value: string, flag: string): Dataplane {
  const mode = Object.values(Dataplane).find((d) => d === value.trim().toLowerCase());
  if (mode === undefined) throw new DataplaneFlagError(`${flag} must be ${Object.values(Dataplane).join(' or ')}, got '${value}'`);
  return mode;
}

/** Reads the two options. @throws DataplaneFlagError naming the flag and the expected form */
export function parseDataplaneFlags(values: { 'dataplane'?: string; 'namespace-dataplane'?: string[] }): DataplaneAssumptions {
  const namespaceDataplanes: Record<string, Dataplane> = {};
  for (const entry of values['namespace-dataplane'] ?? []) {
    const eq = entry.indexOf('=');
    const namespace = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
      throw new DataplaneFlagError(`--namespace-dataplane must be NAMESPACE=sidecar|ambient, got '${entry}'`);
    }
    namespaceDataplanes[namespace] = parseMode(entry.slice(eq + 1), `--namespace-dataplane ${namespace}`);
  }
  return {
    ...(values.dataplane !== undefined ? { defaultDataplane: parseMode(values.dataplane, '--dataplane') } : {}),
    ...(Object.keys(namespaceDataplanes).length > 0 ? { namespaceDataplanes } : {}),
  };
}
