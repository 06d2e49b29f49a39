import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkInteger, checkNonEmpty, checkPort, compactOrUndefined, nonEmpty, nonEmptyRecord } from './checks';
import { renderWorkloadEntry, WorkloadEntryOptions } from './workload-entry';
import type { WorkloadGroupSpec, WorkloadGroupSpecProbe, WorkloadGroupSpecProbeHttpGet, WorkloadGroupSpecProbeTcpSocket } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { detachOnError, fieldError } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Timing and thresholds of a readiness probe. */
export interface ProbeOptions {
  /**
   * Wait before the first probe (whole seconds).
   * @default 0
   */
  readonly initialDelay?: Duration;
  /**
   * Timeout of each probe (whole seconds).
   * @default 1s
   */
  readonly timeout?: Duration;
  /**
   * Time between probes (whole seconds).
   * @default 10s
   */
  readonly period?: Duration;
  /**
   * Consecutive successes to become ready.
   * @default 1
   */
  readonly successThreshold?: number;
  /**
   * Consecutive failures to become unready.
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** An HTTP GET check. */
export interface HttpGetProbeOptions extends ProbeOptions {
  /** The port to call. */
  readonly port: number;
  /**
   * The path to call.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The host to connect to.
   * @default - the workload's address
   */
  readonly host?: string;
  /**
   * `HTTP` or `HTTPS`.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /**
   * Headers to send.
   * @default - none
   */
  readonly httpHeaders?: { [name: string]: string };
}

/** A TCP connect check. */
export interface TcpProbeOptions extends ProbeOptions {
  /** The port to connect to. */
  readonly port: number;
  /**
   * The host to connect to.
   * @default - the workload's address
   */
  readonly host?: string;
}

/**
 * How the proxy of a VM workload checks that the application is ready. (The CRD also has a `grpc`
 * probe, but istiod's webhook rejects it, so it is not offered.)
 * @example Probe.httpGet({ port: 8080, path: '/ready', period: Duration.seconds(5) })
 */
export class Probe {
  /** An HTTP GET check. */
  public static httpGet(options: HttpGetProbeOptions): Probe {
    checkPort(options.port, 'Probe.httpGet port');
    const headers = Object.entries(options.httpHeaders ?? {}).map(([name, value]) => {
      if (!/^[-_A-Za-z0-9]+$/.test(name)) throw fieldError('Probe.httpGet httpHeaders', `'${name}' is not a header name`, 'Use only letters, digits, \'-\' and \'_\'.');
      return { name, value };
    });
    return new Probe({
      httpGet: dropUndefined<Wire<WorkloadGroupSpecProbeHttpGet>>({
        path: options.path, port: options.port, host: options.host, scheme: options.scheme, httpHeaders: nonEmpty(headers),
      }),
    }, options);
  }

  /** A TCP connect check. */
  public static tcpSocket(options: TcpProbeOptions): Probe {
    checkPort(options.port, 'Probe.tcpSocket port');
    return new Probe({ tcpSocket: dropUndefined<Wire<WorkloadGroupSpecProbeTcpSocket>>({ host: options.host, port: options.port }) }, options);
  }

  /** A command run on the VM; exit code 0 means ready. */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    if (command.length === 0) throw fieldError('Probe.exec command', 'is empty', 'Give the command and its arguments.');
    command.forEach((c, i) => checkNonEmpty(c, `Probe.exec command[${i}]`));
    return new Probe({ exec: { command: [...command] } }, options);
  }

  private readonly json: Wire<WorkloadGroupSpecProbe>;

  private constructor(check: Pick<Wire<WorkloadGroupSpecProbe>, 'httpGet' | 'tcpSocket' | 'exec'>, options: ProbeOptions) {
    this.json = dropUndefined({
      initialDelaySeconds: seconds(options.initialDelay, 'initialDelay', 0),
      timeoutSeconds: seconds(options.timeout, 'timeout', 1),
      periodSeconds: seconds(options.period, 'period', 1),
      successThreshold: options.successThreshold === undefined ? undefined : checkInteger(options.successThreshold, 'Probe successThreshold', 1),
      failureThreshold: options.failureThreshold === undefined ? undefined : checkInteger(options.failureThreshold, 'Probe failureThreshold', 1),
      ...check,
    });
  }

  /** Renders the `probe` block. */
  public toJson(): Wire<WorkloadGroupSpecProbe> {
    return { ...this.json };
  }
}

function seconds(d: Duration | undefined, what: string, min: number): number | undefined {
  if (d === undefined) return undefined;
  const s = d.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s < min) {
    throw fieldError(`Probe ${what}`, `must be a whole number of seconds of at least ${min}, got ${d.toHumanString()}`, 'Use Duration.seconds().');
  }
  return s;
}

/** Metadata given to every WorkloadEntry the group creates. */
export interface WorkloadGroupMetadata {
  /**
   * Labels of the generated entries.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the generated entries.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Props of a WorkloadGroup. */
export interface WorkloadGroupProps extends IstioResourceProps {
  /**
   * Labels and annotations of the WorkloadEntries created for VMs that join.
   * @default - none
   */
  readonly workloadMetadata?: WorkloadGroupMetadata;
  /** The template of the WorkloadEntries created for VMs that join (the address comes from each VM). */
  readonly template: WorkloadEntryOptions;
  /**
   * How the VM proxies check that the application is ready.
   * @default - no readiness probe
   */
  readonly probe?: Probe;
}

/**
 * Istio's WorkloadGroup: the template for VM workloads that join the mesh automatically (one
 * WorkloadEntry per VM is created from it).
 *
 * @example new WorkloadGroup(chart, 'vms', { workloadMetadata: { labels: { app: 'vm-app' } }, template: { ports: { http: 8080 }, serviceAccount: 'vm-sa' } })
 */
export class WorkloadGroup extends IstioResource<WorkloadGroupSpec> {
  private readonly options: WorkloadGroupProps;

  /** @throws when a template port is invalid */
  public constructor(scope: Construct, id: string, props: WorkloadGroupProps) {
    super(scope, id, { api: NETWORKING_API, kind: 'WorkloadGroup' }, props);
    detachOnError(this, () => renderWorkloadEntry(props.template, 'spec.template', false));
    this.options = props;
  }

  protected renderSpec(): Wire<WorkloadGroupSpec> {
    const m = this.options.workloadMetadata;
    return dropUndefined({
      metadata: m && compactOrUndefined({ labels: nonEmptyRecord(m.labels), annotations: nonEmptyRecord(m.annotations) }),
      template: renderWorkloadEntry(this.options.template, 'spec.template', false),
      probe: this.options.probe?.toJson(),
    });
  }
}
