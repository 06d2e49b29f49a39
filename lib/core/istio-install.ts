import { IConstruct } from 'constructs';

/**
 * A construct that says how Istio is installed in the app (an IstioOperator): the patterns ask it which gateways
 * exist, without depending on the platform layer.
 */
export interface IIstioInstall extends IConstruct {
  /** The pod labels of each egress gateway the install runs. */
  readonly egressGatewayLabels: Array<Record<string, string>>;
}

const INSTALL = Symbol.for('cdk8s-istio.IstioInstall');

/** Registry of the installs an app defines. */
export class IstioInstall {
  /** Marks a construct as an install (called by IstioOperator). */
  public static register(install: IIstioInstall): void {
    Object.defineProperty(install, INSTALL, { value: true });
  }

  /** The installs defined anywhere in `scope`'s app. */
  public static findAll(scope: IConstruct): IIstioInstall[] {
    return scope.node.root.node.findAll().filter((c): c is IIstioInstall => (c as unknown as Record<symbol, unknown>)[INSTALL] === true);
  }

  private constructor() {}
}
