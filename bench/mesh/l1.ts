import { App, Chart } from 'cdk8s';
import { plainMesh } from './plain';
import { ServiceSpec } from './spec';
import * as networking from '../../imports/networking.istio.io';
import * as security from '../../imports/security.istio.io';

type L1Class = new (scope: Chart, id: string, props: { metadata: { name: string; annotations?: Record<string, string> }; spec: any }) => unknown;
const L1: Record<string, L1Class> = {
  DestinationRule: networking.DestinationRule,
  VirtualService: networking.VirtualService,
  PeerAuthentication: security.PeerAuthentication,
  RequestAuthentication: security.RequestAuthentication,
  AuthorizationPolicy: security.AuthorizationPolicy,
};

/** (b): the same objects as L1 classes in plain cdk8s, one chart per namespace, no checks. */
export function l1Mesh(spec: readonly ServiceSpec[]): string {
  const app = new App();
  for (const objects of plainMesh(spec)) {
    const chart = new Chart(app, objects[0].metadata.namespace, { namespace: objects[0].metadata.namespace });
    for (const o of objects) new L1[o.kind](chart, `${o.kind}-${o.metadata.name}`, { metadata: { name: o.metadata.name, annotations: o.metadata.annotations }, spec: o.spec });
  }
  return app.synthYaml();
}
