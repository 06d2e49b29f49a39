import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IstioSettings } from '../core/settings';
import { CheckInput, checkAll, errorsOf, formatFinding, warningsOf } from './check-all';
import { Finding } from './finding';

const ENABLED = new WeakSet<IConstruct>();

/** Where warnings go (replaceable in tests). */
let warn: (text: string) => void = (text) => process.stderr.write(text);

/**
 * Istio checks at synth: every Istio object of the app (L1 from `imports/`, L2, L3 or a raw
 * `ApiObject`) is checked against the CRD schema, its CEL rules and Istio's webhook rules, and all
 * objects together by the cross-resource analysis, when `app.synth()` or `app.synthYaml()` runs.
 * All errors are reported in one exception thrown before any file is written; warnings are printed
 * to stderr. Every L2 construct enables the checks; an app made only of L1 objects calls `enable`.
 *
 * Settings come from `IstioSettings` of each object's scope: `istioVersion` and `disabledChecks`.
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
    // Testing.synth() before anything is rendered or written.
    root.node.addValidation({
      validate: () => {
        const findings = IstioChecks.findings(root);
        for (const w of warningsOf(findings)) warn(`cdk8s-istio warning: ${formatFinding(w)}\n`);
        const errors = errorsOf(findings);
        if (errors.length === 0) return [];
        return [`Istio checks found ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `    ${formatFinding(e)}`).join('\n')}`];
      },
    });
  }

  /** Whether the checks are on for the app of `scope`. */
  public static isEnabled(scope: IConstruct): boolean {
    return ENABLED.has(scope.node.root);
  }

  /**
   * Every finding about the objects under `scope` (suppressed ones included, marked so). The whole
   * app is analysed, so references across charts resolve.
   */
  public static findings(scope: IConstruct): Finding[] {
    const root = scope.node.root;
    const inputs: CheckInput[] = [];
    const mine = new Set<string>();
    for (const c of root.node.findAll()) {
      if (!(c instanceof ApiObject)) continue;
      const settings = IstioSettings.of(c);
      inputs.push({ object: c.toJson(), constructPath: c.node.path, istioVersion: settings.istioVersion, disabledChecks: settings.disabledChecks });
      if (c.node.scopes.includes(scope as any) || scope === root) mine.add(c.node.path);
    }
    const { findings } = checkAll(inputs, {
      istioVersion: IstioSettings.of(root).istioVersion,
      disabledChecks: IstioSettings.of(root).disabledChecks,
    });
    return findings.filter((f) => f.constructPath === undefined ? scope === root : mine.has(f.constructPath));
  }

  /** @internal Redirects warnings (tests). Returns the previous writer. */
  public static _setWarningWriter(writer: (text: string) => void): (text: string) => void {
    const previous = warn;
    warn = writer;
    return previous;
  }

  private constructor() {}
}
