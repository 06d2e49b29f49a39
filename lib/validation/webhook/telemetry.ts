import { WebhookCode } from './codes';
import { checkPolicyTargets } from './common';
import { Report } from './report';
import { celSyntaxError } from '../../vocab/cel-syntax';
import { arr, asObj, entriesOf, enumName, isSet, JsonObject, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_TELEMETRY;

function checkProviders(report: Report, value: unknown, path: string): void {
  const list = arr(value);
  for (let i = 0; i < list.length; i++) {
    if (str(asObj(list[i])?.name) === '') {
      report.error(CODE, at(at(path, i), 'name'), 'providers.name may not be empty', 'Name an extension provider of meshConfig, e.g. `prometheus` or `otel`.');
      return;
    }
  }
}

/** Telemetry (istiod's `ValidateTelemetry`). */
export function checkTelemetry(report: Report, spec: JsonObject): void {
  checkPolicyTargets(report, spec);
  arr(spec.metrics).forEach((m, i) => {
    const metrics = asObj(m);
    if (!metrics) return;
    const path = at('spec.metrics', i);
    checkProviders(report, metrics.providers, at(path, 'providers'));
    arr(metrics.overrides).forEach((o, j) => {
      const op = at(at(path, 'overrides'), j);
      const override = asObj(o);
      if (!override) {
        report.error(CODE, op, 'tagOverrides may not be null');
        return;
      }
      for (const [tag, to] of entriesOf(override.tagOverrides)) {
        const tp = at(at(op, 'tagOverrides'), tag);
        if (tag === '') report.warn(CODE, tp, 'tagOverrides.name may not be empty');
        const t = asObj(to);
        if (!t) {
          report.error(CODE, tp, 'tagOverrides may not be null');
          continue;
        }
        const operation = enumName(t.operation, ['UPSERT', 'REMOVE']);
        if (operation === 'UPSERT' && str(t.value) === '') report.error(CODE, at(tp, 'value'), 'tagOverrides.value must be set when operation is UPSERT', 'Give the CEL expression of the tag value, or use operation REMOVE.');
        if (operation === 'REMOVE' && str(t.value) !== '') report.error(CODE, at(tp, 'value'), 'tagOverrides.value may only be set when operation is UPSERT');
      }
      const match = asObj(override.match);
      if (match && typeof match.customMetric === 'string' && match.customMetric === '') {
        report.error(CODE, at(op, 'match.customMetric'), 'customMetric may not be empty');
      }
    });
  });
  const tracing = arr(spec.tracing);
  if (tracing.length > 1) report.warn(CODE, 'spec.tracing', 'multiple tracing is not currently supported', 'Keep one tracing entry.');
  tracing.forEach((t, i) => {
    const tr = asObj(t);
    if (!tr) return;
    const path = at('spec.tracing', i);
    if (arr(tr.providers).length > 1) report.warn(CODE, at(path, 'providers'), 'multiple providers is not currently supported', 'Keep one tracing provider.');
    checkProviders(report, tr.providers, at(path, 'providers'));
    if (isSet(tr.randomSamplingPercentage)) {
      const pct = num(tr.randomSamplingPercentage);
      if (pct < 0 || pct > 100) report.error(CODE, at(path, 'randomSamplingPercentage'), 'randomSamplingPercentage must be in range [0.0, 100.0]');
    }
    for (const [name, tagValue] of entriesOf(tr.customTags)) {
      const tp = at(at(path, 'customTags'), name);
      if (name === '') report.error(CODE, tp, 'tag name may not be empty');
      const tag = asObj(tagValue);
      if (!tag) {
        report.error(CODE, tp, `tag '${name}' may not have a nil value`);
        continue;
      }
      if (asObj(tag.literal) && str(asObj(tag.literal)!.value) === '') report.error(CODE, at(tp, 'literal.value'), 'literal tag value may not be empty');
      else if (asObj(tag.header) && str(asObj(tag.header)!.name) === '') report.error(CODE, at(tp, 'header.name'), 'header tag name may not be empty');
      else if (asObj(tag.environment) && str(asObj(tag.environment)!.name) === '') report.error(CODE, at(tp, 'environment.name'), 'environment tag name may not be empty');
    }
  });
  arr(spec.accessLogging).forEach((l, i) => {
    const logging = asObj(l);
    if (!logging) return;
    const path = at('spec.accessLogging', i);
    const filter = asObj(logging.filter);
    if (filter) {
      const err = celSyntaxError(str(filter.expression));
      if (err) {
        report.error(CODE, at(path, 'filter.expression'), `must be a valid CEL expression: ${err}`,
          'Write a CEL expression over Envoy attributes, e.g. `response.code >= 400`.');
      }
    }
    checkProviders(report, logging.providers, at(path, 'providers'));
  });
}
