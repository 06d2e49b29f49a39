import { Chart, Testing } from 'cdk8s';
import { l1 } from '../../lib';
import { IstioChecks } from '../../lib/checks';
import { validateObject } from '../../lib/validation';
import { checkWebhookRules } from '../../lib/validation/webhook';
import { Severity } from '../../lib/vocab';

// The webhook rules are another module's; here they are replaced to test how validateObject combines them.
jest.mock('../../lib/validation/webhook', () => ({ checkWebhookRules: jest.fn(() => []) }));
const webhook = checkWebhookRules as jest.MockedFunction<typeof checkWebhookRules>;

const vs = (http: unknown) => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r', namespace: 'shop' }, spec: { hosts: ['r'], http } });

describe('webhook rules in validateObject', () => {
  test('run with the targeted release; their findings get the resource', () => {
    webhook.mockReturnValueOnce([{ severity: Severity.WARNING, code: 'CIS2099', path: 'spec.hosts[0]', message: 'short host' }]);
    expect(validateObject(vs([]))).toEqual([{
      severity: Severity.WARNING,
      code: 'CIS2099',
      path: 'spec.hosts[0]',
      message: 'short host',
      resource: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'r', namespace: 'shop' },
    }]);
    expect(webhook).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'VirtualService' }), { istioVersion: '1.30' });
  });

  test('what they say about a field the schema or CEL already rejected is dropped', () => {
    webhook.mockReturnValueOnce([
      { severity: Severity.ERROR, code: 'CIS2005', path: 'spec.http[0].timeout', message: 'bad duration' },
      { severity: Severity.ERROR, code: 'CIS2006', path: 'spec.http[0].route', message: 'no route' },
    ]);
    const findings = validateObject(vs([{ timeout: '10 s' }]));
    expect(findings.map((f) => [f.code, f.path])).toEqual([['CIS1011', 'spec.http[0].timeout'], ['CIS2006', 'spec.http[0].route']]);
  });

  test('a CEL error about a whole object does not hide what the webhook says about its fields', () => {
    webhook.mockReturnValueOnce([{ severity: Severity.ERROR, code: 'CIS2007', path: 'spec.hosts[0]', message: 'bad host' }]);
    const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 's' }, spec: { hosts: ['a b'], resolution: 'NONE', endpoints: [{ address: '1.2.3.4' }] } };
    expect(validateObject(se).map((f) => [f.code, f.path])).toEqual([['CIS1011', 'spec'], ['CIS2007', 'spec.hosts[0]']]);
  });

  test('what they say inside a value of the wrong type is dropped', () => {
    webhook.mockReturnValueOnce([{ severity: Severity.ERROR, code: 'CIS2006', path: 'spec.http[0].route[0]', message: 'no destination' }]);
    expect(validateObject(vs([{ route: 'reviews' }])).map((f) => [f.code, f.path])).toEqual([['CIS1004', 'spec.http[0].route']]);
  });

  test('a throwing rule becomes a CIS1000 finding, never an exception', () => {
    webhook.mockImplementationOnce(() => {
      throw new Error('boom');
    });
    expect(validateObject(vs([]))).toEqual([expect.objectContaining({ code: 'CIS1000', message: 'the webhook rules failed on this object: boom' })]);
  });

  test('at synth, warnings are printed to stderr and do not fail', () => {
    webhook.mockReturnValue([{ severity: Severity.WARNING, code: 'CIS2099', path: 'spec.hosts[0]', message: 'short host' }]);
    const app = Testing.app();
    new l1.networking.VirtualService(new Chart(app, 'c'), 'vs', { metadata: { name: 'vs' }, spec: { hosts: ['r'] } });
    IstioChecks.enable(app);
    const printed: string[] = [];
    const previous = IstioChecks._setWarningWriter((t) => printed.push(t));
    try {
      expect(() => app.synthYaml()).not.toThrow();
    } finally {
      IstioChecks._setWarningWriter(previous);
      webhook.mockReset();
      webhook.mockReturnValue([]);
    }
    expect(printed).toEqual(['cdk8s-istio warning: [c/vs] VirtualService vs: spec.hosts[0]: short host (CIS2099)\n']);
  });
});
