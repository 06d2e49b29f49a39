import { IConstruct } from 'constructs';
import { NetworkingApiVersion, SecurityApiVersion, TelemetryApiVersion } from './api-group';
import { DEFAULT_ISTIO_VERSION, IstioVersion } from './istio-version';

/** What an app or chart says about the Istio it targets. Every field is optional; the nearest scope that sets a field wins. */
export interface IstioSettingsProps {
  /**
   * The Istio release whose schemas and rules the checks apply.
   * @default - DEFAULT_ISTIO_VERSION (1.30)
   */
  readonly istioVersion?: IstioVersion;
  /**
   * The `networking.istio.io` version L2 constructs emit.
   * @default NetworkingApiVersion.V1
   */
  readonly networkingApiVersion?: NetworkingApiVersion;
  /**
   * The `security.istio.io` version L2 constructs emit.
   * @default SecurityApiVersion.V1
   */
  readonly securityApiVersion?: SecurityApiVersion;
  /**
   * The `telemetry.istio.io` version L2 constructs emit.
   * @default TelemetryApiVersion.V1
   */
  readonly telemetryApiVersion?: TelemetryApiVersion;
  /**
   * Finding codes (e.g. `IST0101`) that checks under this scope do not report.
   * @default - every check runs
   */
  readonly disabledChecks?: string[];
  /**
   * Whether the app's objects are the whole mesh. An app is usually part of a mesh: the ingress Gateway, other
   * namespaces' Services and DestinationRules, Helm-installed workloads are defined elsewhere, so by default the
   * synth-time analysis reports a missing target only where the app could define it (see `AnalyzeOptions`).
   * Set true to check every reference as `istioctl analyze` does on files. The cross-resource analysis covers the
   * whole app, so the app's (root) setting is the one it uses.
   * @default false
   */
  readonly assumeCompleteMesh?: boolean;
  /**
   * Whether warnings fail the synth too (as the validation plugin's `failOnWarnings`). Suppressed findings never do.
   * The app's (root) setting is the one used.
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * The cluster the objects under this scope are applied to, when one app writes several clusters (e.g. one chart
   * per cluster of a MultiClusterMesh): the same object in two clusters is then not a duplicate (CIS5014).
   * @default - one cluster for the whole app
   */
  readonly cluster?: string;
}

/** The settings in force at one point of the construct tree, with defaults filled in. */
export interface ResolvedIstioSettings {
  /** The targeted Istio release. */
  readonly istioVersion: IstioVersion;
  /** The networking API version to emit. */
  readonly networkingApiVersion: NetworkingApiVersion;
  /** The security API version to emit. */
  readonly securityApiVersion: SecurityApiVersion;
  /** The telemetry API version to emit. */
  readonly telemetryApiVersion: TelemetryApiVersion;
  /** Codes of disabled checks (union over all enclosing scopes). */
  readonly disabledChecks: readonly string[];
  /** Whether the objects are the whole mesh (for the cross-resource analysis). */
  readonly assumeCompleteMesh: boolean;
  /** Whether warnings fail the synth. */
  readonly failOnWarnings: boolean;
  /** The cluster the objects are applied to, if the app writes several. */
  readonly cluster?: string;
}

const SETTINGS = new WeakMap<IConstruct, IstioSettingsProps>();

/**
 * Istio settings attached to an App or Chart (or any construct): the target release, the API
 * versions to emit, the checks to skip and whether the app is the whole mesh. Read lazily at synth, so they may be set
 * at any time (a construct's `apiVersion` property shows the version in force when it was created; the output
 * always has the one in force at synth).
 *
 * @example
 * IstioSettings.apply(chart, { networkingApiVersion: NetworkingApiVersion.V1BETA1, istioVersion: IstioVersion.V1_28 });
 */
export class IstioSettings {
  /** Sets (merges) settings on a scope. Later calls override earlier ones field by field. */
  public static apply(scope: IConstruct, props: IstioSettingsProps): void {
    SETTINGS.set(scope, { ...SETTINGS.get(scope), ...props });
  }

  /** The settings in force at `scope`: nearest scope first, then defaults. */
  public static of(scope: IConstruct): ResolvedIstioSettings {
    const chain = [...scope.node.scopes].reverse();
    const pick = <K extends keyof IstioSettingsProps>(key: K): IstioSettingsProps[K] => {
      for (const s of chain) {
        const v = SETTINGS.get(s)?.[key];
        if (v !== undefined) return v;
      }
      return undefined;
    };
    const disabled = new Set<string>();
    for (const s of chain) for (const code of SETTINGS.get(s)?.disabledChecks ?? []) disabled.add(code);
    return {
      istioVersion: pick('istioVersion') ?? DEFAULT_ISTIO_VERSION,
      networkingApiVersion: pick('networkingApiVersion') ?? NetworkingApiVersion.V1,
      securityApiVersion: pick('securityApiVersion') ?? SecurityApiVersion.V1,
      telemetryApiVersion: pick('telemetryApiVersion') ?? TelemetryApiVersion.V1,
      disabledChecks: [...disabled].sort(),
      assumeCompleteMesh: pick('assumeCompleteMesh') ?? false,
      failOnWarnings: pick('failOnWarnings') ?? false,
      ...(pick('cluster') !== undefined ? { cluster: pick('cluster') } : {}),
    };
  }

  private constructor() {}
}
