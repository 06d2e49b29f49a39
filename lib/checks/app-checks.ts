import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { IntentInput } from './behaviour/intents';
import type { CheckInput } from './check-all';
import { MeshIntent } from '../core/mesh-intent';
import { IstioSettings } from '../core/settings';
import { synthOnceByDefault } from '../core/synth-once';
import { currentSynthPass, inSynthPass, onIstioResource, SynthPass } from '../core/synth-pass';
import { Finding } from '../vocab/finding';

let checkAllModule: typeof import('./check-all') | undefined;

/**
 * The checks themselves (schema, webhook rules, analysis, behaviour model), loaded by the first check run:
 * every Istio resource enables the checks, so this module loads with the constructs (issue 21).
 */
function checks(): typeof import('./check-all') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  checkAllModule ??= require('./check-all') as typeof import('./check-all');
  return checkAllModule;
}

const ENABLED = new WeakSet<IConstruct>();
const DISABLED = new WeakSet<IConstruct>();

function apiObjectsOf(root: IConstruct): ApiObject[] {
  return root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** The checks' result of a synth pass, once known. */
const PASS_ERRORS = new WeakMap<SynthPass, string[]>();

/** Every ApiObject of the app as a check input, with the settings of its scope. */
function collectInputs(root: IConstruct, apiObjects: readonly ApiObject[] = apiObjectsOf(root)): CheckInput[] {
  return apiObjects.map((c) => {
    const settings = IstioSettings.of(c);
    return {
      object: c.toJson(),
      constructPath: c.node.path,
      istioVersion: settings.istioVersion,
      gatewayApiChannel: settings.gatewayApiChannel,
      disabledChecks: settings.disabledChecks,
      ...(settings.cluster !== undefined ? { cluster: settings.cluster } : {}),
    };
  });
}

/** The app's intents, each unless its scope disables CIS5017. */
function collectIntents(root: IConstruct): IntentInput[] {
  return MeshIntent.of(root)
    .filter((i) => !IstioSettings.of(i).disabledChecks.includes('CIS5017'))
    .map((i) => ({ intent: i.spec, constructPath: i.node.path }));
}

function runChecks(root: IConstruct, inputs: readonly CheckInput[]): Finding[] {
  const settings = IstioSettings.of(root);
  return checks().checkAll(inputs, {
    intents: collectIntents(root),
    istioVersion: settings.istioVersion,
    gatewayApiChannel: settings.gatewayApiChannel,
    disabledChecks: settings.disabledChecks,
    assumeCompleteMesh: settings.assumeCompleteMesh,
    dataplanes: { defaultDataplane: settings.dataplane, namespaceDataplanes: settings.namespaceDataplanes },
  }).findings;
}

/** Where warnings go (replaceable in tests). */
let warn: (text: string) => void = (text) => process.stderr.write(text);

/**
 * Istio checks at synth: every Istio object of the app (L1 from `imports/`, L2, L3 or a raw
 * `ApiObject`) is checked against the CRD schema, its CEL rules and Istio's webhook rules, and all
 * objects together by the cross-resource analysis, when `app.synth()` or `app.synthYaml()` runs.
 * All errors are reported in one exception thrown before any file is written; warnings are printed
 * to stderr. Every L2 construct enables the checks; an app made only of L1 objects calls `enable`.
 *
 * Settings come from `IstioSettings` of each object's scope: `istioVersion` and `disabledChecks`; the app's
 * `assumeCompleteMesh` (default false) says whether references to objects outside the app are errors: by default
 * a VirtualService may bind to the platform's `istio-system/public` Gateway and route to another team's Service,
 * while a route to a subset missing from the app's own DestinationRule still fails the synth.
 * A resource suppresses findings about itself with Istio's annotation
 * `galley.istio.io/analyze-suppress: "IST0101,CIS2003"`: they are then reported as suppressed.
 *
 * @example
 * const app = new App();
 * IstioChecks.enable(app);
 * IstioSettings.apply(app, { istioVersion: IstioVersion.V1_28, disabledChecks: ['IST0102'] });
 */
export class IstioChecks {
  /** Turns the checks on for the app `scope` belongs to. Calling it again does nothing. */
  public static enable(scope: IConstruct): void {
    const root = scope.node.root;
    if (ENABLED.has(root)) return;
    ENABLED.add(root);
    // cdk8s validates the whole app before anything is written, and App.synth()/synthYaml() then
    // validate it again for every chart they render: one pass of checks is enough for the call.
    if (root instanceof App) {
      // Apps with Istio resources also walk the app once per synth and write YAML faster (same bytes).
      synthOnceByDefault(root);
      const synth = root.synth.bind(root);
      const synthYaml = root.synthYaml.bind(root);
      root.synth = () => IstioChecks.onePass(root, synth);
      root.synthYaml = () => IstioChecks.onePass(root, synthYaml);
    }
    root.node.addValidation({
      validate: () => {
        if (DISABLED.has(root)) return [];
        const pass = currentSynthPass(root);
        const known = pass && PASS_ERRORS.get(pass);
        if (known) return known;
        const findings = runChecks(root, collectInputs(root));
        const { errorsOf, formatFinding, warningsOf } = checks();
        const warnings = warningsOf(findings);
        const failOnWarnings = IstioSettings.of(root).failOnWarnings;
        if (!failOnWarnings) for (const w of warnings) warn(`cdk8s-istio warning: ${formatFinding(w)}\n`);
        const errors = failOnWarnings ? [...errorsOf(findings), ...warnings] : errorsOf(findings);
        const messages = errors.length === 0 ? []
          : [`Istio checks found ${errors.length} ${failOnWarnings ? 'finding' : 'error'}${errors.length === 1 ? '' : 's'}${failOnWarnings ? ' (failOnWarnings)' : ''}:\n`
            + errors.map((e) => `    ${failOnWarnings ? `${e.severity}: ` : ''}${formatFinding(e)}`).join('\n')];
        if (pass) PASS_ERRORS.set(pass, messages);
        return messages;
      },
    });
  }

  /**
   * Runs `synth` as one synth pass of the app `scope` belongs to: the checks run once, however often
   * the app is validated inside it (cdk8s validates again for every chart it renders). `app.synth()`
   * and `app.synthYaml()` are passes already; use this around code that renders charts one by one
   * (e.g. `chart.toJson()` for each chart). The app must not change inside the pass.
   */
  public static onePass<T>(scope: IConstruct, synth: () => T): T {
    return inSynthPass(scope, synth);
  }

  /**
   * Turns the synth-time checks off for the app `scope` belongs to, e.g. when CI runs
   * `cdk8s-istio validate` and `analyze` on the output instead. `IstioChecks.findings()` still works.
   */
  public static disable(scope: IConstruct): void {
    DISABLED.add(scope.node.root);
  }

  /** Whether the checks run at synth for the app of `scope`. */
  public static isEnabled(scope: IConstruct): boolean {
    return ENABLED.has(scope.node.root) && !DISABLED.has(scope.node.root);
  }

  /**
   * Every finding about the objects under `scope` (suppressed ones included, marked so). The whole
   * app is analysed, so references across charts resolve.
   */
  public static findings(scope: IConstruct): Finding[] {
    const root = scope.node.root;
    const findings = runChecks(root, collectInputs(root));
    if (scope === root) return findings;
    const mine = new Set(scope.node.findAll().filter((c) => c instanceof ApiObject || c instanceof MeshIntent).map((c) => c.node.path));
    return findings.filter((f) => f.constructPath !== undefined && mine.has(f.constructPath));
  }

  /** @internal Redirects warnings (tests). Returns the previous writer. */
  public static _setWarningWriter(writer: (text: string) => void): (text: string) => void {
    const previous = warn;
    warn = writer;
    return previous;
  }

  private constructor() {}
}

// Every L2 construct turns the checks on for its app (core runs this hook; it cannot import the checks).
onIstioResource((resource) => IstioChecks.enable(resource));
