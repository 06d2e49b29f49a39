import { CliIo } from './main';
import { parseCheckArgs, runChecks } from './report';

const SUMMARY = 'Check Istio objects in YAML files against the CRD schemas, their CEL rules and Istio\'s webhook rules.';

/** `cdk8s-istio validate`: the per-object checks (schema, CEL, metadata, webhook rules). */
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCheckArgs('validate', SUMMARY, args, io);
  if (typeof parsed === 'number') return parsed;
  return runChecks('validate', parsed, io, { analysis: false });
}
