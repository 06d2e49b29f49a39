// Installing and operating the mesh: IstioOperator, plug-in CA, multi-cluster, hardening, observability add-ons.
export * from './istio-operator-spec';
export * from './istio-operator-validation';
export * from './istio-operator';
export * from './extension-provider';
export * from './mesh-observability';
export * from './plugin-ca';
export * from './east-west-gateway';
export * from './multi-cluster-mesh';
export * from './hardened-namespace';
export * from './istio-system-network-policy';
export * from './kiali';
export * from './prometheus-scrape';
export * from './istio-prometheus-monitors';
