import { WebhookCode } from './codes';
import { SUBSET_HINT, checkExportTo, checkWildcardHost, subsetNameError } from './common';
import { checkLabels, checkWorkloadSelector } from './labels';
import { Report } from './report';
import { checkTrafficPolicy } from './traffic-policy';
import { IstioVersion } from '../../core/istio-version';
import { arr, asObj, isSet, JsonObject, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

/** DestinationRule (istiod's `ValidateDestinationRule`). */
export function checkDestinationRule(report: Report, spec: JsonObject, namespace: string, version: IstioVersion): void {
  checkWildcardHost(report, str(spec.host), 'spec.host');
  checkTrafficPolicy(report, spec.trafficPolicy, 'spec.trafficPolicy', namespace, version);
  const names = new Set<string>();
  arr(spec.subsets).forEach((value, i) => {
    const path = at('spec.subsets', i);
    const subset = asObj(value);
    if (!subset) {
      report.error(WebhookCode.INVALID_SUBSET, path, 'subset may not be null');
      return;
    }
    const name = str(subset.name);
    if (names.has(name)) report.error(WebhookCode.INVALID_SUBSET, at(path, 'name'), `duplicate subset names: ${name}`, 'Give every subset its own name.');
    names.add(name);
    report.errorIf(subsetNameError(name), WebhookCode.INVALID_SUBSET, at(path, 'name'), SUBSET_HINT);
    checkLabels(report, subset.labels, at(path, 'labels'));
    checkTrafficPolicy(report, subset.trafficPolicy, at(path, 'trafficPolicy'), namespace, version);
  });
  checkExportTo(report, spec.exportTo, 'spec.exportTo', namespace, { drWithSelector: isSet(spec.workloadSelector) });
  checkWorkloadSelector(report, spec.workloadSelector, 'spec.workloadSelector');
}
