import { WebhookCode } from './codes';
import { checkPolicyTargets } from './common';
import { Report } from './report';
import {
  conditionError, emptyValueError, ipsError, pathTemplateError, portsError, serviceAccountError, trustDomainValuesError,
} from './security-values';
import { DEFAULT_ISTIO_VERSION, IstioVersion } from '../../core/istio-version';
import { arr, asObj, enumName, isSet, JsonObject, nonEmpty, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'];
const RULE = WebhookCode.INVALID_AUTHZ_RULE;

const SOURCE_FIELDS = ['principals', 'requestPrincipals', 'namespaces', 'ipBlocks', 'remoteIpBlocks', 'notPrincipals', 'notRequestPrincipals',
  'notNamespaces', 'notIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains'];
const OPERATION_FIELDS = ['ports', 'methods', 'paths', 'hosts', 'notPorts', 'notMethods', 'notPaths', 'notHosts'];
/** Source fields that make a rule apply to TCP traffic too. */
const TCP_SOURCE_FIELDS = ['principals', 'notPrincipals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces', 'remoteIpBlocks', 'notRemoteIpBlocks',
  'serviceAccounts', 'notServiceAccounts'];
const CUSTOM_UNSUPPORTED_SOURCES = ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains',
  'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals'];

function strings(value: unknown): string[] {
  return arr(value).map((v) => (typeof v === 'string' ? v : String(v ?? '')));
}

/** AuthorizationPolicy (istiod's `ValidateAuthorizationPolicy`). */
export function checkAuthorizationPolicy(report: Report, spec: JsonObject, version: IstioVersion = DEFAULT_ISTIO_VERSION): void {
  checkPolicyTargets(report, spec);
  const action = enumName(spec.action, ACTIONS);
  const rules = arr(spec.rules);
  const provider = asObj(spec.provider);
  const hasRules = isSet(spec.rules) && rules.length > 0;
  const emptyRuleHint = 'Add an empty rule `rules: [{}]` to apply it to every request, or rules that say which requests it applies to.';
  if (action === 'CUSTOM') {
    if (!hasRules) {
      report.error(WebhookCode.INVALID_AUTHZ_ACTION, 'spec.rules', 'CUSTOM action without `rules` is meaningless as it will never be triggered', emptyRuleHint);
    } else if (!provider || str(provider.name) === '') {
      report.error(WebhookCode.INVALID_AUTHZ_ACTION, 'spec.provider.name', '`provider.name` must not be empty', 'Name the extension provider (meshConfig.extensionProviders) that makes the decision.');
    }
    rules.forEach((r, i) => {
      const rule = asObj(r);
      const rp = at('spec.rules', i);
      arr(rule?.from).forEach((f, j) => {
        const source = asObj(asObj(f)?.source);
        if (!source) return;
        for (const field of CUSTOM_UNSUPPORTED_SOURCES) {
          if (nonEmpty(source[field])) {
            report.error(RULE, at(at(at(rp, 'from'), j), `source.${field}`), `from.source.${field} is currently not supported with CUSTOM action`,
              'A CUSTOM rule can match on ipBlocks and remoteIpBlocks of the source and on the operation; let the external authorizer check identities.');
          }
        }
      });
      arr(rule?.when).forEach((w, j) => {
        const cond = asObj(w);
        const wp = at(at(rp, 'when'), j);
        if (!cond) {
          report.error(RULE, wp, 'when field cannot be nil');
          return;
        }
        const key = str(cond.key);
        if (['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'].includes(key) || key.startsWith('request.auth.')) {
          report.error(RULE, at(wp, 'key'), `${key} is currently not supported with CUSTOM action`);
        }
      });
    });
  }
  if (provider && action !== 'CUSTOM') {
    report.error(WebhookCode.INVALID_AUTHZ_ACTION, 'spec.provider', `\`provider\` must not be with non CUSTOM action, found ${action}`, 'Set action: CUSTOM, or remove provider.');
  }
  if (action === 'DENY' && !hasRules) {
    report.error(WebhookCode.INVALID_AUTHZ_ACTION, 'spec.rules', 'DENY action without `rules` is meaningless as it will never be triggered', emptyRuleHint);
  }
  rules.forEach((r, i) => checkRule(report, r, at('spec.rules', i), i, action, version));
}

function checkRule(report: Report, value: unknown, path: string, index: number, action: string, version: IstioVersion): void {
  const rule = asObj(value);
  if (!rule) {
    report.error(RULE, path, `\`rule\` must not be nil, found at rule ${index}`, 'Use `{}` for a rule that matches every request.');
    return;
  }
  let tcpInFrom = false;
  let tcpInTo = false;
  let fromExists = false;
  let toExists = false;
  arr(rule.from).forEach((f, j) => {
    const fp = at(at(path, 'from'), j);
    const from = asObj(f);
    if (!from) {
      report.error(RULE, fp, `\`from\` must not be nil, found at rule ${index}`);
      return;
    }
    const src = asObj(from.source);
    if (!src) {
      report.error(RULE, at(fp, 'source'), `\`from.source\` must not be nil, found at rule ${index}`, 'Put the conditions under `source:`.');
      return;
    }
    fromExists = true;
    const sp = at(fp, 'source');
    const list = (field: string): string[] => strings(src[field]);
    if ((list('principals').length + list('notPrincipals').length + list('namespaces').length + list('notNamespaces').length > 0)
      && (list('serviceAccounts').length + list('notServiceAccounts').length > 0)) {
      report.error(RULE, sp, `cannot set serviceAccounts with namespaces or principals, found at rule ${index}`, 'Use serviceAccounts alone, or principals/namespaces.');
    }
    if (SOURCE_FIELDS.every((field) => list(field).length === 0)) {
      report.error(RULE, sp, `\`from.source\` must not be empty, found at rule ${index}`, 'Say which sources match, e.g. `principals` or `namespaces`, or remove `from`.');
    }
    for (const field of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) report.errorIf(ipsError(list(field)), RULE, at(sp, field));
    for (const field of ['principals', 'requestPrincipals', 'namespaces', 'ipBlocks', 'remoteIpBlocks', 'notPrincipals', 'notRequestPrincipals', 'notNamespaces', 'notIpBlocks', 'notRemoteIpBlocks']) {
      report.errorIf(emptyValueError(capitalize(field), list(field)), RULE, at(sp, field));
    }
    for (const field of ['serviceAccounts', 'notServiceAccounts']) report.errorIf(serviceAccountError(capitalize(field), list(field)), RULE, at(sp, field));
    for (const field of ['trustDomains', 'notTrustDomains']) report.errorIf(trustDomainValuesError(capitalize(field), list(field)), RULE, at(sp, field));
    if (TCP_SOURCE_FIELDS.some((field) => nonEmpty(src[field]))) tcpInFrom = true;
  });
  arr(rule.to).forEach((t, j) => {
    const tp = at(at(path, 'to'), j);
    const to = asObj(t);
    if (!to) {
      report.error(RULE, tp, `\`to\` must not be nil, found at rule ${index}`);
      return;
    }
    const op = asObj(to.operation);
    if (!op) {
      report.error(RULE, at(tp, 'operation'), `\`to.operation\` must not be nil, found at rule ${index}`, 'Put the conditions under `operation:`.');
      return;
    }
    toExists = true;
    const opPath = at(tp, 'operation');
    const list = (field: string): string[] => strings(op[field]);
    if (OPERATION_FIELDS.every((field) => list(field).length === 0)) {
      report.error(RULE, opPath, `\`to.operation\` must not be empty, found at rule ${index}`, 'Say which operations match, e.g. `methods` or `paths`, or remove `to`.');
    }
    report.errorIf(portsError(list('ports')), RULE, at(opPath, 'ports'), 'Ports are numbers from 0 to 65535, written as strings: `["8080"]`.');
    report.errorIf(portsError(list('notPorts')), RULE, at(opPath, 'notPorts'), 'Ports are numbers from 0 to 65535, written as strings: `["8080"]`.');
    for (const field of OPERATION_FIELDS) report.errorIf(emptyValueError(capitalize(field), list(field)), RULE, at(opPath, field));
    report.errorIf(pathTemplateError('Paths', list('paths')), RULE, at(opPath, 'paths'));
    report.errorIf(pathTemplateError('NotPaths', list('notPaths')), RULE, at(opPath, 'notPaths'));
    if (nonEmpty(op.ports) || nonEmpty(op.notPorts)) tcpInTo = true;
  });
  arr(rule.when).forEach((w, j) => {
    const wp = at(at(path, 'when'), j);
    const cond = asObj(w) ?? {};
    const key = str(cond.key);
    if (key === '') {
      report.error(RULE, at(wp, 'key'), '`key` must not be empty', 'Use a condition key such as `request.auth.claims[iss]` or `source.ip`.');
      return;
    }
    const values = strings(cond.values);
    const notValues = strings(cond.notValues);
    if (values.length === 0 && notValues.length === 0) {
      report.error(RULE, wp, `at least one of \`values\` or \`notValues\` must be set for key ${key}`);
      return;
    }
    const hint = 'Keys: request.headers[name], source.ip, remote.ip, source.namespace, source.principal, source.serviceAccount, request.auth.principal, request.auth.audiences, request.auth.presenter, request.auth.claims[name], destination.ip, destination.port, connection.sni.';
    const keyError = conditionError(key, [], version);
    if (keyError) {
      report.error(RULE, at(wp, 'key'), `invalid \`key\` ${key}: ${keyError}`, hint);
      return;
    }
    const verr = conditionError(key, values, version);
    if (verr) report.error(RULE, at(wp, 'values'), `invalid \`value\` for \`key\` ${key}: ${verr}`, hint);
    const nerr = conditionError(key, notValues, version);
    if (nerr) report.error(RULE, at(wp, 'notValues'), `invalid \`notValue\` for \`key\` ${key}: ${nerr}`, hint);
  });
  if (((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo)) && action === 'DENY') {
    report.warn(WebhookCode.AUTHZ_DENY_HTTP_ONLY, path,
      'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule',
      'Add `ports` to the rule\'s operation so that the DENY applies only to the HTTP ports you mean.');
  }
}

function capitalize(field: string): string {
  return field[0].toUpperCase() + field.slice(1);
}
