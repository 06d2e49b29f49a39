import { celProblems } from './cel';
import { renderProviders } from './metrics';
import { WorkloadMode } from './workload-mode';
import type { TelemetrySpecAccessLogging } from '../../imports/telemetry.istio.io';
import { ConfigProblem } from '../core/errors';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/**
 * Access logging settings. The log format is not set here: it belongs to the provider
 * (MeshConfig `extensionProviders[].envoyFileAccessLog.logFormat` or the OpenTelemetry provider).
 */
export interface AccessLoggingConfig {
  /**
   * Names of MeshConfig `extensionProviders` (e.g. `envoy`, `otel`).
   * @default - the mesh's default access log providers
   */
  readonly providers?: string[];
  /**
   * A CEL expression selecting the requests logged, e.g. `response.code >= 400`.
   * @default - every request
   */
  readonly filter?: string;
  /**
   * Turn access logging off for the scope.
   * @default - not set (inherited)
   */
  readonly disabled?: boolean;
  /**
   * Client side, server side or both.
   * @default WorkloadMode.CLIENT_AND_SERVER (not written out)
   */
  readonly mode?: WorkloadMode;
}

/** Checks and renders one `accessLogging` entry. */
export function renderAccessLogging(config: AccessLoggingConfig, path: string, problems: ConfigProblem[]): Wire<TelemetrySpecAccessLogging> {
  if (config.filter !== undefined) problems.push(...celProblems(config.filter, `${path}.filter.expression`));
  return dropUndefined({
    match: config.mode !== undefined ? { mode: config.mode } : undefined,
    providers: renderProviders(config.providers, `${path}.providers`, problems),
    disabled: config.disabled,
    filter: config.filter !== undefined ? { expression: config.filter } : undefined,
  });
}
