import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import type { DestinationRuleSpec, VirtualServiceSpec } from '../../imports/networking.istio.io';
import { IstioResource, L1FieldRenames, NETWORKING_API, Wire } from '../../lib';
import { dropUndefined } from '../../lib/core/spec-render';
import { DestinationRule, VirtualService } from '../../lib/networking';

// The L2 constructs render the JSON view of their L1 (generated) spec type, so the generated Istio types check
// L2 output when `npx projen typecheck` (part of `npm test`) compiles this file: each `@ts-expect-error` below
// fails the build if the mistake under it ever compiles.

/** A minimal L2 construct typed against VirtualService's L1 spec. */
class Direct extends IstioResource<VirtualServiceSpec> {
  public constructor(scope: Construct, id: string) {
    super(scope, id, { api: NETWORKING_API, kind: 'VirtualService' });
  }
  protected renderSpec(): Wire<VirtualServiceSpec> {
    return dropUndefined({ hosts: ['reviews'], http: [{ directResponse: { status: 204 } }], exportTo: undefined });
  }
}

describe('an L2 spec is typed against its L1 spec', () => {
  test('a renderer that follows the L1 type compiles and renders the same object', () => {
    const chart = Testing.chart();
    new Direct(chart, 'vs');
    expect(Testing.synth(chart)[0].spec).toEqual({ hosts: ['reviews'], http: [{ directResponse: { status: 204 } }] });
  });

  test('a field the L1 type lacks, a wrong enum value or a wrong type does not compile', () => {
    const wrongField = (): Wire<VirtualServiceSpec> => dropUndefined({
      hosts: ['reviews'],
      // @ts-expect-error `host` is a DestinationRule field, not a VirtualService one
      host: 'reviews',
    });
    const wrongEnum = (): Wire<DestinationRuleSpec> => ({
      host: 'reviews',
      // @ts-expect-error not a load balancer algorithm
      trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBBIN' } },
    });
    const wrongType = (): Wire<DestinationRuleSpec> => ({
      host: 'reviews',
      // @ts-expect-error a subset's labels are strings
      subsets: [{ name: 'v1', labels: { version: 1 } }],
    });
    const missing = (): Wire<DestinationRuleSpec> => {
      // @ts-expect-error `host` is required
      return { subsets: [] };
    };
    // dropUndefined takes its type from where the result goes, also an optional block of the spec.
    const nested = (): Wire<DestinationRuleSpec> => ({
      host: 'reviews',
      trafficPolicy: dropUndefined({
        // @ts-expect-error `loadBalancers` is not a traffic policy field
        loadBalancers: undefined,
      }),
    });
    expect([wrongField, wrongEnum, wrongType, missing, nested].map((f) => typeof f)).toEqual(['function', 'function', 'function', 'function', 'function']);
  });

  test('fields are typed by their JSON name: consecutive5xxErrors, not the generated consecutive5XxErrors', () => {
    const json: Wire<DestinationRuleSpec> = { host: 'reviews', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } };
    // @ts-expect-error the TypeScript name of the L1 type is not what Istio reads
    const ts: Wire<DestinationRuleSpec> = { host: 'reviews', trafficPolicy: { outlierDetection: { consecutive5XxErrors: 5 } } };
    expect([json, ts].length).toBe(2);
  });

  test('each construct renders its own kind: a VirtualService is not a DestinationRule renderer', () => {
    const chart = Testing.chart();
    const vs = new VirtualService(chart, 'vs', { hosts: ['reviews'] });
    // @ts-expect-error renderSpec() of a VirtualService does not return a DestinationRule spec
    const asDr: IstioResource<DestinationRuleSpec> = vs;
    const dr: IstioResource<DestinationRuleSpec> = new DestinationRule(chart, 'dr', { host: 'reviews' });
    expect([asDr, dr].map((r) => r.kind)).toEqual(['VirtualService', 'DestinationRule']);
  });
});

describe('L1FieldRenames', () => {
  test('lists exactly the fields whose JSON name the generated toJson_ functions change', () => {
    // What `cdk8s import` generated: `'jsonName': obj.tsName` lines of the toJson_ functions.
    const found = new Map<string, string>();
    const dir = path.join(__dirname, '../../imports');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/^ {4}'([^']+)': [^\n]*?\bobj\.([A-Za-z0-9_]+)/gm)) {
        if (m[1] !== m[2]) found.set(m[2], m[1]);
      }
    }
    // The compiler checks this table against the type: no field missing, none extra, the same JSON names.
    const table: { readonly [K in keyof L1FieldRenames]: L1FieldRenames[K] } = {
      consecutive5XxErrors: 'consecutive5xxErrors',
      mirrorPercent: 'mirror_percent',
      jwksUri: 'jwks_uri',
      wellKnownCaCertificates: 'wellKnownCACertificates',
    };
    expect(Object.fromEntries([...found].sort())).toEqual(Object.fromEntries(Object.entries(table).sort()));
  });
});
