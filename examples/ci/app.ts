import { App, AppProps, Chart } from 'cdk8s';
import * as networking from '../../imports/networking.istio.io';
import * as security from '../../imports/security.istio.io';
import { IstioChecks } from '../../lib/checks';

/** What the CI demo lets a pull request change. */
export interface ShopAppProps extends AppProps {
  /**
   * Percent of `reviews` traffic sent to v2 (the canary); v1 gets the rest.
   * @default 10
   */
  readonly reviewsV2Weight?: number;
}

/**
 * The CI demo's mesh: the `shop` namespace (reviews as a canary between v1 and v2, strict mTLS,
 * an AuthorizationPolicy letting the frontend read) and a mesh-wide strict mTLS policy.
 */
export function shopApp(props: ShopAppProps = {}): App {
  const app = new App(props);
  IstioChecks.enable(app); // L1 objects only: turn on the synth-time Istio checks explicitly
  const v2 = props.reviewsV2Weight ?? 10;

  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  new networking.DestinationRule(shop, 'reviews-rule', {
    metadata: { name: 'reviews' },
    spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
  });
  new networking.VirtualService(shop, 'reviews-route', {
    metadata: { name: 'reviews' },
    spec: {
      hosts: ['reviews'],
      http: [{
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 100 - v2 },
          { destination: { host: 'reviews', subset: 'v2' }, weight: v2 },
        ],
        timeout: '5s',
      }],
    },
  });
  new security.PeerAuthentication(shop, 'strict', {
    metadata: { name: 'default' },
    spec: { mtls: { mode: security.PeerAuthenticationSpecMtlsMode.STRICT } },
  });
  new security.AuthorizationPolicy(shop, 'allow-frontend', {
    metadata: { name: 'allow-frontend' },
    spec: {
      selector: { matchLabels: { app: 'reviews' } },
      action: security.AuthorizationPolicySpecAction.ALLOW,
      rules: [{ from: [{ source: { namespaces: ['frontend'] } }], to: [{ operation: { methods: ['GET'] } }] }],
    },
  });

  const mesh = new Chart(app, 'mesh', { namespace: 'istio-system' });
  new security.PeerAuthentication(mesh, 'mesh-strict', {
    metadata: { name: 'default' },
    spec: { mtls: { mode: security.PeerAuthenticationSpecMtlsMode.STRICT } },
  });
  return app;
}

/** The output options the demo (and the CI recipe) use: a folder per namespace with kustomizations. */
// Secrets (a plug-in CA's key) never go to the committed folder: apply them from a secret store.
export const SHOP_OUTPUT = { layout: 'per-namespace', kustomization: true, secrets: 'exclude' } as const;
