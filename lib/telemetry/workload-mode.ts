/** Which side of the traffic a telemetry setting applies to. */
export enum WorkloadMode {
  /** Both outbound (client) and inbound (server) traffic. Istio's default. */
  CLIENT_AND_SERVER = 'CLIENT_AND_SERVER',
  /** Outbound traffic only: the workload as a client. */
  CLIENT = 'CLIENT',
  /** Inbound traffic only: the workload as a server. */
  SERVER = 'SERVER',
}
