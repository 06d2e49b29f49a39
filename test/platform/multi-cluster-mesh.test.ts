import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { CA_FIXTURES, findObject, istioErrors } from './helpers';
import { ClusterRole, DEFAULT_PROXY_RESOURCES, IstioConfigError, MultiClusterMesh } from '../../lib';

const objectsOf = (mesh: MultiClusterMesh, cluster: string) => Testing.synth(mesh.cluster(cluster).chart);
const find = findObject;
const controlPlane = (objects: any[]) => find(objects, 'IstioOperator', 'control-plane');

describe('MultiClusterMesh: multi-primary on different networks', () => {
  const app = Testing.app();
  const mesh = new MultiClusterMesh(app, 'mesh', {
    meshId: 'mesh1',
    trustDomain: 'example.org',
    clusters: [{ name: 'cluster1', network: 'network1' }, { name: 'cluster2', network: 'network2' }],
  });

  test('one chart per cluster, named after the cluster', () => {
    expect(app.charts.map((c) => c.node.id)).toEqual(['cluster1', 'cluster2']);
    expect(mesh.clusters.map((c) => [c.name, c.network, c.role])).toEqual([['cluster1', 'network1', 'primary'], ['cluster2', 'network2', 'primary']]);
  });

  test('the same meshID and trust domain everywhere, a distinct clusterName and network each', () => {
    const global = (c: string) => controlPlane(objectsOf(mesh, c)).spec.values.global;
    expect(global('cluster1')).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' });
    expect(global('cluster2')).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: 'cluster2' }, network: 'network2' });
    for (const c of ['cluster1', 'cluster2']) {
      expect(controlPlane(objectsOf(mesh, c)).spec).toMatchObject({ profile: 'default', meshConfig: { trustDomain: 'example.org' } });
    }
  });

  test('istio-system carries the network label (the guide\'s "create cluster network" step)', () => {
    // The guide: kubectl apply a Namespace istio-system labelled topology.istio.io/network: network1.
    const ns = find(objectsOf(mesh, 'cluster1'), 'Namespace');
    expect(ns).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system', labels: { 'topology.istio.io/network': 'network1' } } });
    expect(find(objectsOf(mesh, 'cluster2'), 'Namespace').metadata.labels).toEqual({ 'topology.istio.io/network': 'network2' });
  });

  test('each cluster exposes its services through an east-west gateway; istiod is not exposed', () => {
    for (const c of ['cluster1', 'cluster2']) {
      const objects = objectsOf(mesh, c);
      expect(find(objects, 'Gateway', 'cross-network-gateway').spec.servers)
        .toEqual([{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }]);
      expect(find(objects, 'IstioOperator', 'eastwest').spec.values.global.network).toBe(mesh.cluster(c).network);
      expect(find(objects, 'Gateway', 'istiod-gateway')).toBeUndefined();
      expect(controlPlane(objects).spec.values.global.externalIstiod).toBeUndefined();
      expect(istioErrors(objects)).toEqual([]);
    }
  });

  test('app.synth writes one file per cluster', () => {
    app.synth();
    expect(fs.readdirSync(app.outdir).sort()).toEqual(['cluster1.k8s.yaml', 'cluster2.k8s.yaml']);
  });
});

describe('MultiClusterMesh: primary-remote', () => {
  test('on different networks (the guide\'s primary/remote setup, corrected)', () => {
    // The guide installs the remote with `values.istiodRemote.enabled=true`, EXTERNAL_ISTIOD on the remote
    // and a LoadBalancer Service in front of istiod. Istio 1.30: the remote uses `profile: remote` with an
    // injection path, the primary sets externalIstiod and exposes istiod on its east-west gateway.
    const app = Testing.app();
    const mesh = new MultiClusterMesh(app, 'mesh', {
      meshId: 'mesh1',
      clusters: [
        { name: 'cluster1', network: 'network1' },
        { name: 'cluster2', network: 'network2', role: ClusterRole.REMOTE, remotePilotAddress: 'eastwest.cluster1.example.com' },
      ],
    });
    const primary = objectsOf(mesh, 'cluster1');
    const remote = objectsOf(mesh, 'cluster2');
    expect(controlPlane(primary).spec.values.global).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1', externalIstiod: true });
    expect(find(primary, 'Gateway', 'istiod-gateway')).toBeDefined();
    expect(find(primary, 'VirtualService', 'istiod-vs')).toBeDefined();
    expect(find(primary, 'Gateway', 'cross-network-gateway')).toBeDefined();

    expect(controlPlane(remote).spec).toEqual({
      profile: 'remote',
      values: {
        istiodRemote: { injectionPath: '/inject/cluster/cluster2/net/network2' },
        global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster2' }, network: 'network2', remotePilotAddress: 'eastwest.cluster1.example.com' },
      },
    });
    expect(find(remote, 'Namespace').metadata.annotations).toEqual({ 'topology.istio.io/controlPlaneClusters': 'cluster1' });
    expect(find(remote, 'Gateway', 'cross-network-gateway')).toBeDefined();
    expect(find(remote, 'Gateway', 'istiod-gateway')).toBeUndefined();
    expect(mesh.cluster('cluster2').operator.validate()).toEqual([]);
    expect(istioErrors([...primary, ...remote])).toEqual([]);
  });

  test('on one network: only the primary has an east-west gateway, for istiod', () => {
    const mesh = new MultiClusterMesh(Testing.app(), 'mesh', {
      meshId: 'mesh1',
      clusters: [
        { name: 'cluster1', network: 'network1' },
        { name: 'cluster2', network: 'network1', role: ClusterRole.REMOTE, remotePilotAddress: '10.0.0.10' },
      ],
    });
    expect(mesh.cluster('cluster1').eastWestGateway?.istiodGateway).toBeDefined();
    expect(mesh.cluster('cluster1').eastWestGateway?.crossNetworkGateway).toBeUndefined();
    expect(mesh.cluster('cluster2').eastWestGateway).toBeUndefined();
  });
});

describe('MultiClusterMesh: CA, hardening, shared settings', () => {
  test('each cluster gets its intermediate CA under the shared root, proxy resources and network policies', () => {
    const mesh = new MultiClusterMesh(Testing.app(), 'mesh', {
      meshId: 'mesh1',
      proxyResources: DEFAULT_PROXY_RESOURCES,
      networkPolicies: true,
      monitoringNamespaces: ['monitoring'],
      clusters: [
        { name: 'cluster1', network: 'network1', caDirectory: path.join(CA_FIXTURES, 'cluster1') },
        { name: 'cluster2', network: 'network2', caDirectory: path.join(CA_FIXTURES, 'cluster2') },
      ],
    });
    for (const c of ['cluster1', 'cluster2']) {
      const objects = objectsOf(mesh, c);
      expect(find(objects, 'Secret', 'cacerts').metadata.namespace).toBe('istio-system');
      expect(controlPlane(objects).spec.values.global.proxy).toEqual({ resources: DEFAULT_PROXY_RESOURCES });
      expect(find(objects, 'NetworkPolicy', 'istiod')).toBeDefined();
      expect(find(objects, 'NetworkPolicy', 'istio-eastwestgateway')).toBeDefined();
    }
    expect(mesh.cluster('cluster1').ca!.rootFingerprint).toBe(mesh.cluster('cluster2').ca!.rootFingerprint);
  });

  test('a single cluster on its own network needs no east-west gateway', () => {
    const mesh = new MultiClusterMesh(Testing.app(), 'mesh', { meshId: 'mesh1', clusters: [{ name: 'solo' }] });
    expect(mesh.cluster('solo').network).toBe('solo-network');
    expect(mesh.cluster('solo').eastWestGateway).toBeUndefined();
  });
});

describe('MultiClusterMesh: bad input', () => {
  test('two clusters with the same name', () => {
    expect(() => new MultiClusterMesh(Testing.app(), 'mesh', {
      meshId: 'mesh1',
      clusters: [{ name: 'east', network: 'n1' }, { name: 'east', network: 'n2' }],
    })).toThrow("mesh: clusters[].name: CIS6201 cluster name 'east' is used by 2 clusters, so istiod mixes up their endpoints. "
      + 'Give each cluster its own name (values.global.multiCluster.clusterName).');
  });

  test('remote clusters without a primary, an address, or with a primary that is not one; every problem at once', () => {
    let error: IstioConfigError | undefined;
    try {
      new MultiClusterMesh(Testing.app(), 'mesh', {
        meshId: 'mesh 1',
        clusters: [
          { name: 'a', role: ClusterRole.REMOTE },
          { name: 'b', role: ClusterRole.REMOTE, primary: 'a', remotePilotAddress: 'x' },
        ],
      });
    } catch (e) {
      error = e as IstioConfigError;
    }
    expect(error?.constructPath).toBe('mesh');
    expect(error?.problems.map((p) => `${p.field}: ${p.problem}`)).toEqual([
      "meshId: CIS6205 'mesh 1' is not a non-empty label value",
      'clusters: CIS6202 a mesh needs at least one primary cluster (one that runs istiod)',
      "clusters[0].primary: CIS6203 remote cluster 'a' does not name its primary",
      "clusters[0].remotePilotAddress: CIS6203 remote cluster 'a' needs remotePilotAddress",
      "clusters[1].primary: CIS6203 remote cluster 'b' names 'a' as its primary, which is not a primary cluster of this mesh",
    ]);
    expect(error?.message.split('\n')[3].trim()).toBe("clusters[0].remotePilotAddress: CIS6203 remote cluster 'a' needs remotePilotAddress. "
      + "Set it to the external address of its primary's east-west gateway.");
  });

  test('clusters whose CAs chain to different roots', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'other-ca-'));
    // cluster2's files, but a root-cert.pem from another root (and a chain that includes it): trust would fail across clusters.
    for (const f of ['ca-cert.pem', 'ca-key.pem']) fs.copyFileSync(path.join(CA_FIXTURES, 'cluster2', f), path.join(dir, f));
    fs.copyFileSync(path.join(CA_FIXTURES, 'other-root', 'root-cert.pem'), path.join(dir, 'root-cert.pem'));
    fs.writeFileSync(path.join(dir, 'cert-chain.pem'), fs.readFileSync(path.join(CA_FIXTURES, 'cluster2', 'cert-chain.pem')));
    const app = Testing.app();
    expect(() => new MultiClusterMesh(app, 'mesh', {
      meshId: 'mesh1',
      clusters: [
        { name: 'cluster1', caDirectory: path.join(CA_FIXTURES, 'cluster1') },
        { name: 'cluster2', caDirectory: dir },
      ],
    })).toThrow(/CIS6204 .*the clusters' CAs chain to 2 different roots/);
    // Refused after the clusters' charts were made: the mesh and its charts leave the app, which still synthesizes.
    expect(app.node.children).toEqual([]);
    expect(app.synthYaml()).toBe('');
  });
});

describe('MultiClusterMesh: egress gateway and the proxies\' seccomp profile', () => {
  test('egressGateway installs istio-egressgateway in every cluster; proxySeccompProfile reaches values.global.proxy', () => {
    const app = Testing.app();
    const mesh = new MultiClusterMesh(app, 'mesh', {
      meshId: 'mesh1',
      egressGateway: true,
      proxySeccompProfile: { type: 'RuntimeDefault' },
      istioCni: true,
      clusters: [{ name: 'cluster1', network: 'network1' }, { name: 'cluster2', network: 'network1', role: ClusterRole.REMOTE, remotePilotAddress: '10.0.0.1' }],
    });
    for (const c of ['cluster1', 'cluster2']) {
      const spec = controlPlane(objectsOf(mesh, c)).spec;
      expect(spec.components.egressGateways).toEqual([{ name: 'istio-egressgateway', enabled: true }]);
      expect(spec.components.cni).toEqual({ enabled: true });
      expect(spec.values.global.proxy).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
      expect(mesh.cluster(c).operator.egressGatewayLabels).toEqual([{ app: 'istio-egressgateway', istio: 'egressgateway' }]);
      expect(istioErrors(objectsOf(mesh, c))).toEqual([]);
    }
  });
});
