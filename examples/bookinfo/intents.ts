import { Construct } from 'constructs';
import { IntentToken, MeshIntent } from '../../lib';

/** Options of Bookinfo's intents. */
export interface BookinfoIntentsOptions {
  /** The Istio Gateway users come in through, and its port: productpage's pages must be reachable there. @default - not asked */
  readonly ingress?: { readonly gateway: string; readonly port: number };
  /** Callers that forward the user's token (reviews requires one in the ambient example). @default - none */
  readonly tokenTo?: string[];
}

/**
 * What Bookinfo promises, checked at every synth: users reach the product page through the ingress gateway, and
 * each service may call the ones it needs (productpage → details and reviews, reviews → ratings), as the
 * service accounts the pods run as.
 */
export function bookinfoIntents(scope: Construct, options: BookinfoIntentsOptions = {}): void {
  if (options.ingress) {
    MeshIntent.reachable(scope, {
      name: 'users-reach-productpage',
      from: options.ingress.gateway,
      host: 'bookinfo.example.com',
      port: options.ingress.port,
      paths: ['/productpage', '/static/*', '/api/v1/products'],
    });
  }
  for (const [from, to] of [['productpage', 'details'], ['productpage', 'reviews'], ['reviews', 'ratings']]) {
    MeshIntent.allow(scope, {
      name: `${from}-calls-${to}`,
      from: `bookinfo/bookinfo-${from}`,
      to: `bookinfo/${to}:9080`,
      ...(options.tokenTo?.includes(to) ? { token: IntentToken.anyAccepted() } : {}),
    });
  }
}
