import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CheckInput, checkAll, errorsOf, formatFinding, warningsOf } from './check-all';
import { Finding } from './finding';
import { IstioSettings } from '../core/settings';

const ENABLED = new WeakSet<IConstruct>();
const DISABLED = new WeakSet<IConstruct>();

function apiObjectsOf(root: IConstruct): ApiObject[] {
  return root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** How many ApiObjects are under `scope`: `apiObjectsOf(scope).length` without building the list. */
function countApiObjects(scope: IConstruct): number {
  let n = scope instanceof ApiObject ? 1 : 0;
  for (const child of scope.node.children) n += countApiObjects(child);
  return n;
}

/** Every ApiObject of the app as a check input, with the settings of its scope. */
function collectInputs(root: IConstruct, apiObjects: readonly ApiObject[] = apiObjectsOf(root)): CheckInput[] {
  return apiObjects.map((c) => {
    const settings = IstioSettings.of(c);
    return { object: c.toJson(), constructPath: c.node.path, istioVersion: settings.istioVersion, disabledChecks: settings.disabledChecks };
  });
}

function runChecks(root: IConstruct, inputs: readonly CheckInput[]): Finding[] {
  const settings = IstioSettings.of(root);
  return checkAll(inputs, {
    istioVersion: settings.istioVersion,
    disabledChecks: settings.disabledChecks,
    assumeCompleteMesh: settings.assumeCompleteMesh,
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
    // cdk8s runs the validations of every construct in App.synth(), App.synthYaml() and
    // Testing.synth() before anything is rendered or written, and again for each chart it renders.
    // Within one synchronous synth pass the app does not change, so the result is reused until the
    // next microtask (re-checking per chart would cost charts × objects); warnings print once.
    let last: { count: number; errors: string[] } | undefined;
    root.node.addValidation({
      validate: () => {
        if (DISABLED.has(root)) return [];
        // cdk8s validates once per chart it renders: only the first call of a pass needs the objects.
        if (last && last.count === countApiObjects(root)) return last.errors;
        const apiObjects = apiObjectsOf(root);
        const findings = runChecks(root, collectInputs(root, apiObjects));
        for (const w of warningsOf(findings)) warn(`cdk8s-istio warning: ${formatFinding(w)}\n`);
        const errors = errorsOf(findings);
        const messages = errors.length === 0 ? []
          : [`Istio checks found ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `    ${formatFinding(e)}`).join('\n')}`];
        last = { count: apiObjects.length, errors: messages };
        queueMicrotask(() => { last = undefined; });
        return messages;
      },
    });
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
    const mine = new Set(scope.node.findAll().filter((c) => c instanceof ApiObject).map((c) => c.node.path));
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
