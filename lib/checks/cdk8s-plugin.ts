import { CheckInput, checkAll, errorsOf, relatedText, warningsOf } from './check-all';
import { DEFAULT_GATEWAY_API_CHANNEL, parseGatewayApiChannel } from '../core/gateway-api';
import { DEFAULT_ISTIO_VERSION, parseIstioVersion } from '../core/istio-version';
import { Finding } from '../vocab/finding';

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses (cdk8s-cli is not a runtime dependency). */
export interface Cdk8sValidationContext {
  /** Paths of the synthesized manifests. */
  readonly manifests: readonly string[];
  /** The report to fill. */
  readonly report: {
    addViolation(violation: Cdk8sValidationViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  /** Where to log. */
  readonly logger: { log(message: string): void };
  /** Parses one manifest into its objects. */
  parseManifest(manifestPath: string): any[];
}

/** A violation as cdk8s-cli's report takes it. */
export interface Cdk8sValidationViolation {
  /** The rule (our finding code and severity). */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resource, the field path and the manifest. */
  readonly violatingResources: ReadonlyArray<{ readonly resourceName: string; readonly locations: readonly string[]; readonly manifestPath: string }>;
}

/** Properties given to the plugin by the `properties:` key of its `cdk8s.yaml` entry. */
export interface IstioValidationProps {
  /**
   * The targeted Istio release (`1.28`, `1.29`, `1.30`, `1.31`: schema of 1.31.0-rc.0).
   * @default - DEFAULT_ISTIO_VERSION (1.30)
   */
  readonly istioVersion?: string;
  /**
   * The Kubernetes Gateway API channel the cluster has (`standard`, `experimental`): on the standard
   * channel an experimental kind, version or field is an error.
   * @default 'standard'
   */
  readonly gatewayApiChannel?: string;
  /**
   * Codes not to report.
   * @default - none
   */
  readonly disabledChecks?: string[];
  /**
   * Whether warnings fail the validation too.
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Whether the synthesized app is the whole mesh, so that references to Gateways, Services or
   * namespaces it does not define are errors (as in `istioctl analyze` over files). By default the
   * app is taken to be part of a mesh, as at synth (see `IstioSettings.assumeCompleteMesh`).
   * @default false
   */
  readonly assumeCompleteMesh?: boolean;
}

/**
 * A cdk8s CLI validation plugin running the Istio checks (schema, CEL, webhook rules and the
 * cross-resource analysis) on the manifests `cdk8s synth` writes.
 *
 * In `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-istio          # or a local path such as ./node_modules/cdk8s-istio
 *     version: 0.0.0                # the installed package's exact version (package.json), as cdk8s requires
 *     class: IstioValidation
 *     properties:
 *       istioVersion: "1.29"
 *       gatewayApiChannel: standard
 *       disabledChecks: [IST0102]
 *       failOnWarnings: false
 * ```
 */
export class IstioValidation {
  public constructor(private readonly props: IstioValidationProps = {}) {}

  /** Runs the checks and fills the report (cdk8s-cli's `Validation` interface). */
  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const istioVersion = this.props.istioVersion === undefined ? DEFAULT_ISTIO_VERSION : parseIstioVersion(this.props.istioVersion);
    const gatewayApiChannel = parseGatewayApiChannel(this.props.gatewayApiChannel ?? DEFAULT_GATEWAY_API_CHANNEL);
    const inputs: CheckInput[] = [];
    for (const file of context.manifests) {
      context.parseManifest(file).forEach((object, index) => inputs.push({ object, file, index }));
    }
    const { findings, checked, skipped } = checkAll(inputs, {
      istioVersion, gatewayApiChannel, disabledChecks: this.props.disabledChecks, assumeCompleteMesh: this.props.assumeCompleteMesh ?? false,
    });
    const errors = errorsOf(findings);
    const warnings = warningsOf(findings);
    const failing: Finding[] = this.props.failOnWarnings ? [...errors, ...warnings] : errors;
    for (const f of [...errors, ...warnings]) {
      context.report.addViolation({
        ruleName: `${f.code} (${f.severity})`,
        recommendation: `${f.resource ? `${f.resource.kind} ${f.resource.name ?? ''}: ` : ''}${f.path ? `${f.path}: ` : ''}${f.message}`
          + `${f.related?.length ? ` (involves ${f.related.map(relatedText).join(', ')})` : ''}${f.example ? ` (e.g. ${f.example})` : ''}`,
        fix: f.hint ?? '',
        violatingResources: [{ resourceName: f.resource?.name ?? '', locations: [f.path], manifestPath: f.file ?? '' }],
      });
    }
    context.logger.log(`Istio ${istioVersion} checks: ${checked} Istio objects checked, ${skipped} other skipped, ${errors.length} errors, ${warnings.length} warnings`);
    context.report.submit(failing.length > 0 ? 'failure' : 'success', {
      istioVersion, checked: String(checked), skipped: String(skipped), errors: String(errors.length), warnings: String(warnings.length),
    });
  }
}
