import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ExtensionProviderSpec, GatewayComponentSpec, ISTIO_OPERATOR_API_VERSION, IstioComponents, IstioOperatorObjectSpec, IstioOperatorSpec, IstioProfile,
  MeshConfig, ResourceRequirements,
} from './istio-operator-spec';
import { validateIstioOperator } from './istio-operator-validation';
import { cleanCopy, setPath } from './object-path';
import { configError, withConfigErrors } from '../core/errors';
import { IIstioInstall, IstioInstall } from '../core/istio-install';
import { IstioSettings } from '../core/settings';
import { Finding, Severity } from '../vocab/finding';

/** The namespace Istio's control plane lives in unless told otherwise. */
export const ISTIO_SYSTEM = 'istio-system';

/** The name of Istio's egress gateway component and Deployment. */
export const ISTIO_EGRESS_GATEWAY = 'istio-egressgateway';

/** The pod labels of an egress gateway installed by istioctl (the istio-egress chart's `gateways.istio-egressgateway.labels`). */
const EGRESS_GATEWAY_LABELS = { app: ISTIO_EGRESS_GATEWAY, istio: 'egressgateway' };

/**
 * Sidecar resources for a production mesh, as Istio's charts default them
 * (`values.global.proxy.resources` in istio-discovery's values.yaml, Istio 1.30): requests are
 * what most sidecars need, limits leave room for bursts.
 */
export const DEFAULT_PROXY_RESOURCES: ResourceRequirements = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '2000m', memory: '1024Mi' },
};

/** Props of an IstioOperator: the modelled spec and Istio's own unchecked values, plus metadata. */
export interface IstioOperatorProps extends IstioOperatorObjectSpec {
  /**
   * Name and namespace of the object. `istioctl install` installs into this namespace unless
   * `namespace` (spec.namespace) says otherwise.
   * @default - a name generated from the construct path, namespace `istio-system`
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Formats a finding as one line: `CIS6003 IstioOperator/name spec.profile: message (hint)`. */
function formatFinding(f: Finding): string {
  const what = f.resource ? `${f.resource.kind}/${f.resource.name ?? '?'} ` : '';
  return `${f.code} ${what}${f.path || '(object)'}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
}

/**
 * An IstioOperator (install.istio.io/v1alpha1), the file `istioctl install -f` reads: profile,
 * mesh configuration, components and Helm values, typed and checked.
 *
 * The typed part is checked at synth against a schema of the modelled fields (unknown fields, wrong
 * types, disallowed values: errors with their path, codes CIS6001-CIS6010) and by the checks
 * istioctl makes. Fields that are not modelled go through `addOverride(path, value)`: set in
 * place, after the checks, and not checked.
 *
 * Since Istio 1.24 there is no in-cluster operator: apply the synthesized file with
 * `istioctl install -f <file>` (or render it with `istioctl manifest generate -f`), not `kubectl apply`.
 *
 * @example
 * new IstioOperator(chart, 'control-plane', {
 *   metadata: { name: 'control-plane' },
 *   profile: IstioProfile.DEFAULT,
 *   meshConfig: { accessLogFile: '/dev/stdout', outboundTrafficPolicy: { mode: OutboundTrafficMode.REGISTRY_ONLY } },
 *   components: { pilot: { k8s: { hpaSpec: { minReplicas: 2, maxReplicas: 5, metrics: [HpaMetric.cpuUtilization(80)] } } } },
 *   values: { global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' } },
 * });
 */
export class IstioOperator extends Construct implements IIstioInstall {
  /** The underlying object. */
  public readonly apiObject: ApiObject;

  private readonly spec: IstioOperatorSpec;
  private readonly unvalidatedValues?: Record<string, unknown>;
  private readonly ingressGateways: GatewayComponentSpec[];
  private readonly egressGateways: GatewayComponentSpec[];
  private readonly extensionProviders: ExtensionProviderSpec[];
  private readonly overrides: Array<[string, unknown]> = [];

  public constructor(scope: Construct, id: string, props: IstioOperatorProps = {}) {
    super(scope, id);
    const { metadata, unvalidatedValues, ...spec } = props;
    this.spec = spec;
    this.unvalidatedValues = unvalidatedValues;
    this.ingressGateways = [...(spec.components?.ingressGateways ?? [])];
    this.egressGateways = [...(spec.components?.egressGateways ?? [])];
    this.extensionProviders = [...(spec.meshConfig?.extensionProviders ?? [])];
    IstioInstall.register(this);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: ISTIO_OPERATOR_API_VERSION,
      kind: 'IstioOperator',
      metadata: { namespace: ISTIO_SYSTEM, ...metadata },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.node.addValidation({
      validate: () => {
        const findings = this.validate();
        for (const w of findings.filter((f) => f.severity !== Severity.ERROR)) {
          process.stderr.write(`warning: [${this.node.path}] ${formatFinding(w)}\n`);
        }
        return findings.filter((f) => f.severity === Severity.ERROR).map(formatFinding);
      },
    });
  }

  /** The object's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** The profile, if one is set. */
  public get profile(): string | undefined {
    return this.spec.profile;
  }

  /** The mesh ID (`values.global.meshID`), if set. */
  public get meshId(): string | undefined {
    return this.spec.values?.global?.meshID;
  }

  /**
   * The pod labels of each egress gateway this IstioOperator installs: the enabled `components.egressGateways`
   * (which replace the profile's list), else the profile's (only `demo` enables one: manifests/profiles in Istio 1.30).
   * Each has the chart's labels `app: istio-egressgateway, istio: egressgateway` plus its `label`.
   */
  public get egressGatewayLabels(): Array<Record<string, string>> {
    const gateways = this.egressGateways.length > 0 ? this.egressGateways
      : this.spec.profile === IstioProfile.DEMO ? [{ name: ISTIO_EGRESS_GATEWAY }] : [];
    return gateways.filter((g) => g.enabled !== false).map((g) => ({ ...EGRESS_GATEWAY_LABELS, ...g.label }));
  }

  /** Adds an ingress gateway deployment (`components.ingressGateways`). */
  public addIngressGateway(gateway: GatewayComponentSpec): this {
    this.ingressGateways.push(gateway);
    return this;
  }

  /** Adds an egress gateway deployment (`components.egressGateways`). */
  public addEgressGateway(gateway: GatewayComponentSpec): this {
    this.egressGateways.push(gateway);
    return this;
  }

  /**
   * Declares a telemetry backend in `meshConfig.extensionProviders`, for Telemetry resources to
   * reference by name. Adding a provider with the same name and backend twice is a no-op.
   */
  public addExtensionProvider(provider: ExtensionProviderSpec): this {
    const same = this.extensionProviders.find((p) => p.name === provider.name);
    if (!same || JSON.stringify(same) !== JSON.stringify(provider)) this.extensionProviders.push(provider);
    return this;
  }

  /**
   * The escape hatch: sets `value` at `path` of the object (e.g. `spec.components.pilot.k8s.affinity`,
   * `spec.values.cni.excludeNamespaces`, `spec.meshConfig.discoverySelectors`), after the checks.
   * Overrides replace what the typed props set at that path and are NOT checked, by cdk8s-istio or
   * by istioctl at synth: `istioctl install` rejects what it does not know.
   */
  public addOverride(path: string, value: unknown): this {
    if (!path.startsWith('spec.')) {
      throw configError(this, { field: path, problem: 'is not under spec: addOverride takes a path that starts with \'spec.\'', fix: 'Set metadata through iop.apiObject.metadata.' });
    }
    withConfigErrors(this, () => setPath({}, path, value)); // fails early on a malformed path
    this.overrides.push([path, value]);
    return this;
  }

  /**
   * The findings of the checks on the typed part (without overrides): errors and warnings, except
   * the codes that `IstioSettings` disable for this scope.
   */
  public validate(): Finding[] {
    const disabled = IstioSettings.of(this).disabledChecks;
    return validateIstioOperator({
      apiVersion: ISTIO_OPERATOR_API_VERSION,
      kind: 'IstioOperator',
      metadata: { name: this.apiObject.name, namespace: this.apiObject.metadata.namespace },
      spec: this.renderTypedSpec(),
    }).filter((f) => !disabled.includes(f.code));
  }

  private renderTypedSpec(): Record<string, unknown> {
    const s = this.spec;
    const components: IstioComponents | undefined = s.components || this.ingressGateways.length || this.egressGateways.length
      ? {
        ...s.components,
        ingressGateways: this.ingressGateways.length ? this.ingressGateways : undefined,
        egressGateways: this.egressGateways.length ? this.egressGateways : undefined,
      }
      : undefined;
    const meshConfig: MeshConfig | undefined = s.meshConfig || this.extensionProviders.length
      ? { ...s.meshConfig, extensionProviders: this.extensionProviders.length ? this.extensionProviders : undefined }
      : undefined;
    return cleanCopy({ ...s, meshConfig, components, unvalidatedValues: this.unvalidatedValues });
  }

  private renderSpec(): Record<string, unknown> {
    const object: Record<string, unknown> = { spec: this.renderTypedSpec() };
    for (const [path, value] of this.overrides) setPath(object, path, cleanCopy(value));
    return object.spec as Record<string, unknown>;
  }
}
