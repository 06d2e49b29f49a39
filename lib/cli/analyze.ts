import { CliIo } from './main';
import { parseCheckArgs, runChecks } from './report';
import { Finding, Severity } from '../vocab/finding';

const SUMMARY = 'Analyze a set of YAML files like `istioctl analyze --use-kube=false`: cross-resource checks, and every '
  + 'object\'s own checks reported as IST0106 (SchemaValidationError) or IST0133 (SchemaWarning), with our code in `detail`.';

/** Reports a per-object finding the way istioctl analyze does: under IST0106/IST0133, keeping our code as `detail`. */
export function asIstioSchemaMessage(f: Finding): Finding {
  if (f.severity === Severity.ERROR) return { ...f, code: 'IST0106', message: `Schema validation error: ${f.message}`, detail: f.code } as Finding;
  if (f.severity === Severity.WARNING) return { ...f, code: 'IST0133', message: `Schema validation warning: ${f.message}`, detail: f.code } as Finding;
  return f;
}

/** `cdk8s-istio analyze`: the cross-resource analysis plus the per-object checks. */
export async function analyzeCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCheckArgs('analyze', SUMMARY, args, io);
  if (typeof parsed === 'number') return parsed;
  return runChecks('analyze', parsed, io, { analysis: true, perObject: asIstioSchemaMessage });
}
