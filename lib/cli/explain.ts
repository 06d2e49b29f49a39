import * as fs from 'fs';
import { parseArgs } from 'util';
import { InputError, loadDocuments } from '../input';
import { DATAPLANE_OPTIONS, DataplaneFlagError, dataplaneUsage, parseDataplaneFlags } from './dataplane';
import { CliIo, EXIT_USAGE } from './main';
import type { DataplaneAssumptions } from '../analysis/context';
import {
  AccessRequest, AccessResult, InvalidRequestError, JwtToken, MeshModel, RouteRequest, RouteResult, targetText, TlsRequest, TlsResult,
  UnknownReferenceError,
} from '../model';
import { asObj, isObj, JsonObject, str } from '../vocab/json';

const USAGE = [
  'Usage:',
  '  cdk8s-istio explain access --from SRC --to NS/SERVICE:PORT [--method M] [--path P] [--header K=V]...',
  '                             [--jwt-issuer ISS] [--jwt-subject SUB] [--jwt-claim K=V]... [--format text|json] PATH...',
  '  cdk8s-istio explain route --from SRC --host HOST [--port N] [--method M] [--path P] [--header K=V]...',
  '                            [--format text|json] PATH...',
  '  cdk8s-istio explain tls --from SRC --host HOST [--port N] [--subset S] [--format text|json] PATH...',
  '  cdk8s-istio explain --requests FILE [--format text|json] PATH...',
  '',
  'Answers, from the objects alone and with Istio 1.30\'s semantics, who may call whom (access), where a',
  'request goes (route: VirtualServices and Gateway API HTTPRoutes), and whether the caller\'s proxy verifies',
  'the peer and by which names (tls).',
  '',
  '  SRC   NS/SERVICEACCOUNT, anonymous (a plaintext caller with no mesh identity), or for route gateway:NS/NAME',
  '  PORT  the Service port (authorization `ports` match the workload\'s target port it maps to)',
  '  FILE  a JSON array of {"kind": "access"|"route"|"tls", "from", "to" (access), "host", "port" (route, tls),',
  '        "subset" (tls), "method", "path", "headers": {}, "jwt": {"iss", "sub", "claims": {}}}; with',
  '        --format json one line per request',
  '',
  'PATH is a YAML file (multi-document allowed) or a folder searched for .yaml/.yml/.json files. Objects that',
  'cannot be read, or that Istio would reject, are skipped with a note.',
  '',
  'Options for every question:',
  ...dataplaneUsage(33),
  '',
  'Exit status: 0 every request answered; 2 usage, I/O or YAML errors, or a request naming a service, service',
  'account or gateway the files do not define.',
  '',
].join('\n');

/** One request of a `--requests` file, as written. */
interface RequestSpec {
  readonly kind?: string;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
  readonly method?: unknown;
  readonly path?: unknown;
  readonly headers?: unknown;
  readonly jwt?: unknown;
  readonly subset?: unknown;
}

type Question = { kind: 'access'; request: AccessRequest } | { kind: 'route'; request: RouteRequest } | { kind: 'tls'; request: TlsRequest };
const QUESTIONS = ['access', 'route', 'tls'];

class UsageError extends Error {}

/** `cdk8s-istio explain`: access and route questions about a set of YAML files. */
export async function explainCommand(args: string[], io: CliIo): Promise<number> {
  const fail = (message: string, withUsage = true): number => {
    io.stderr(`cdk8s-istio explain: ${message}\n${withUsage ? `\n${USAGE}` : ''}`);
    return EXIT_USAGE;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'from': { type: 'string' },
        'to': { type: 'string' },
        'host': { type: 'string' },
        'port': { type: 'string' },
        'method': { type: 'string' },
        'path': { type: 'string' },
        'header': { type: 'string', multiple: true },
        'jwt-issuer': { type: 'string' },
        'jwt-subject': { type: 'string' },
        'jwt-claim': { type: 'string', multiple: true },
        'subset': { type: 'string' },
        'requests': { type: 'string' },
        'format': { type: 'string', default: 'text' },
        'help': { type: 'boolean', short: 'h' },
        ...DATAPLANE_OPTIONS,
      },
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') return fail(`--format must be text or json, got '${format}'`, false);
  let questions: Question[];
  let paths: string[];
  let dataplanes: DataplaneAssumptions;
  try {
    dataplanes = parseDataplaneFlags(values);
    if (values.requests !== undefined) {
      if (QUESTIONS.includes(positionals[0])) throw new UsageError(`--requests replaces the '${positionals[0]}' question`);
      questions = readRequests(values.requests);
      paths = positionals;
    } else {
      const [kind, ...rest] = positionals;
      if (kind !== 'access' && kind !== 'route' && kind !== 'tls') {
        throw new UsageError(kind === undefined ? 'give access, route, tls or --requests FILE' : `unknown question '${kind}': give access, route, tls or --requests FILE`);
      }
      questions = [singleQuestion(kind, values)];
      paths = rest;
    }
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message);
    if (e instanceof DataplaneFlagError) return fail(e.message, false);
    if (e instanceof InputError) return fail(e.message, false);
    throw e;
  }
  if (paths.length === 0) return fail('give at least one file or folder');
  let model: MeshModel;
  try {
    model = MeshModel.fromObjects(loadDocuments(paths).map((d) => d.object), dataplanes);
  } catch (e) {
    if (e instanceof InputError) return fail(e.message, false);
    throw e;
  }
  for (const note of model.notes) io.stderr(`note: ${note.object}: ${note.message}\n`);
  let failed = false;
  questions.forEach((q, index) => {
    try {
      if (q.kind === 'access') {
        const r = model.access(q.request);
        io.stdout(format === 'json' ? `${JSON.stringify(accessJson(index, r))}\n` : accessText(q.request, r));
      } else if (q.kind === 'route') {
        const r = model.route(q.request);
        io.stdout(format === 'json' ? `${JSON.stringify(routeJson(index, r))}\n` : routeText(q.request, r));
      } else {
        const r = model.tls(q.request);
        io.stdout(format === 'json' ? `${JSON.stringify(tlsJson(index, r))}\n` : tlsText(q.request, r));
      }
    } catch (e) {
      if (!(e instanceof UnknownReferenceError || e instanceof InvalidRequestError)) throw e;
      failed = true;
      io.stderr(`cdk8s-istio explain: request ${index}: ${e.message}\n`);
      if (format === 'json') io.stdout(`${JSON.stringify({ index, error: e.message })}\n`);
    }
  });
  return failed ? EXIT_USAGE : 0;
}

function singleQuestion(kind: 'access' | 'route' | 'tls', v: Record<string, string | boolean | string[] | undefined>): Question {
  const need = (name: string): string => {
    const value = v[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`explain ${kind} needs --${name}`);
    return value;
  };
  if (kind !== 'tls' && v.subset !== undefined) throw new UsageError(`explain ${kind} does not take --subset`);
  if (kind === 'tls') {
    for (const bad of ['to', 'method', 'path', 'header', 'jwt-issuer', 'jwt-subject', 'jwt-claim']) if (v[bad] !== undefined) throw new UsageError(`explain tls does not take --${bad}`);
    return { kind, request: { from: need('from'), host: need('host'), port: portOf(v.port), subset: v.subset as string | undefined } };
  }
  const headers = keyValues(v.header as string[] | undefined, '--header');
  const common = { from: need('from'), method: v.method as string | undefined, path: v.path as string | undefined, headers };
  if (kind === 'access') {
    for (const bad of ['host', 'port']) if (v[bad] !== undefined) throw new UsageError(`explain access takes --to NS/SERVICE:PORT, not --${bad}`);
    const claims = keyValues(v['jwt-claim'] as string[] | undefined, '--jwt-claim', claimValue);
    const iss = v['jwt-issuer'] as string | undefined;
    const sub = v['jwt-subject'] as string | undefined;
    const jwt = iss !== undefined || sub !== undefined || claims !== undefined ? tokenOf({ iss, sub, claims }) : undefined;
    return { kind, request: { ...common, to: need('to'), jwt } };
  }
  for (const bad of ['to', 'jwt-issuer', 'jwt-subject', 'jwt-claim']) if (v[bad] !== undefined) throw new UsageError(`explain route does not take --${bad}`);
  return { kind, request: { ...common, host: need('host'), port: portOf(v.port) } };
}

function keyValues(list: string[] | undefined, flag: string, value: (s: string) => unknown = (s) => s): Record<string, any> | undefined {
  if (!list) return undefined;
  const out: Record<string, unknown> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} wants KEY=VALUE, got '${kv}'`);
    out[kv.slice(0, eq)] = value(kv.slice(eq + 1));
  }
  return out;
}

/** A claim value: JSON when it reads as a list or object (`groups=["a","b"]`), else the string. */
function claimValue(s: string): unknown {
  if (/^[[{]/.test(s)) {
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  }
  return s;
}

function portOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`port must be a number from 1 to 65535, got '${String(value)}'`);
  return n;
}

function tokenOf(jwt: JsonObject): JwtToken {
  const claims = asObj(jwt.claims) ?? {};
  const aud = jwt.aud ?? claims.aud;
  return {
    iss: str(jwt.iss) || str(claims.iss) || undefined,
    sub: str(jwt.sub) || str(claims.sub) || undefined,
    aud: typeof aud === 'string' || Array.isArray(aud) ? aud as string | string[] : undefined,
    claims,
  };
}

function readRequests(file: string): Question[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, (e as Error).message);
  }
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, undefined, `not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(list)) throw new InputError(file, undefined, 'not a JSON array of requests');
  return list.map((r, i) => {
    if (!isObj(r)) throw new InputError(file, undefined, `request ${i} is not an object`);
    const spec = r as RequestSpec;
    const kind = spec.kind ?? (spec.to !== undefined ? 'access' : 'route');
    const headerMap = asObj(spec.headers);
    const headers = headerMap ? Object.fromEntries(Object.entries(headerMap).map(([k, v]) => [k, String(v)])) : undefined;
    const common = { from: str(spec.from), method: str(spec.method) || undefined, path: str(spec.path) || undefined, headers };
    try {
      if (kind === 'access') {
        const token = asObj(spec.jwt);
        return { kind: 'access', request: { ...common, to: str(spec.to), jwt: token ? tokenOf(token) : undefined } } as Question;
      }
      if (kind === 'route') return { kind: 'route', request: { ...common, host: str(spec.host), port: portOf(spec.port) } } as Question;
      if (kind === 'tls') return { kind: 'tls', request: { from: common.from, host: str(spec.host), port: portOf(spec.port), subset: str(spec.subset) || undefined } } as Question;
    } catch (e) {
      throw new InputError(file, undefined, `request ${i}: ${(e as Error).message}`);
    }
    throw new InputError(file, undefined, `request ${i}: kind must be "access", "route" or "tls", got ${JSON.stringify(kind)}`);
  });
}

function accessJson(index: number, r: AccessResult): Record<string, unknown> {
  return { index, decision: r.decision, policy: r.policy ?? null, reason: r.reason };
}

function routeJson(index: number, r: RouteResult): Record<string, unknown> {
  return {
    index,
    virtualService: r.virtualService ?? null,
    destinations: r.destinations.map((d) => ({ host: d.host, subset: d.subset ?? null, port: d.port ?? null, weight: d.weight })),
  };
}

function tlsJson(index: number, r: TlsResult): Record<string, unknown> {
  return {
    index,
    mode: r.mode,
    verified: r.verified,
    subjectAltNames: r.subjectAltNames,
    sni: r.sni ?? null,
    trustedCa: r.trustedCa ?? null,
    destinationRule: r.destinationRule ?? null,
    reason: r.reason,
  };
}

function tlsText(q: TlsRequest, r: TlsResult): string {
  const head = `${q.from} -> ${q.host}${q.port ? `:${q.port}` : ''}${q.subset ? ` subset ${q.subset}` : ''}: ${r.mode}${r.auto ? ' (auto)' : ''}, `
    + (r.verified ? 'peer verified' : 'peer not verified');
  const names = r.verified ? `\n  names: ${r.subjectAltNames.length > 0 ? r.subjectAltNames.join(', ') : 'any the CA signed'}` : '';
  const rest = [r.sni ? `\n  sni: ${r.sni}` : '', r.trustedCa ? `\n  trusted CA: ${r.trustedCa}` : '', r.destinationRule ? `\n  DestinationRule: ${r.destinationRule}` : ''].join('');
  return `${head}${names}${rest}\n  why: ${r.reason}\n`;
}

function accessText(q: AccessRequest, r: AccessResult): string {
  const head = `${q.from} -> ${targetText(q.to)} ${q.method ?? 'GET'} ${q.path ?? '/'}: ${r.decision}${r.status ? ` (${r.status})` : ' (connection reset)'}`;
  const by = r.policy ? `\n  policy: ${r.policy}${r.rule !== undefined ? ` rule ${r.rule}` : ''}` : '';
  return `${head}${by}\n  why: ${r.reason}\n`;
}

function routeText(q: RouteRequest, r: RouteResult): string {
  const head = `${q.from} -> ${q.host}${q.port ? `:${q.port}` : ''} ${q.method ?? 'GET'} ${q.path ?? '/'}: `
    + (r.virtualService ? `${r.routeKind ?? 'VirtualService'} ${r.virtualService}${r.rule !== undefined ? ` rule ${r.rule}` : ''}` : 'no VirtualService or HTTPRoute');
  const dests = r.destinations.map((d) => `\n  -> ${d.host}${d.port ? `:${d.port}` : ''}${d.subset ? ` subset ${d.subset}` : ''} ${d.weight}%`).join('');
  const extra = [r.redirect ? `\n  redirect: ${JSON.stringify(r.redirect)}` : '', r.directResponse ? `\n  direct response: ${JSON.stringify(r.directResponse)}` : '',
    r.fault ? `\n  fault: ${JSON.stringify(r.fault)}` : ''].join('');
  return `${head}${dests}${extra}\n  why: ${r.reason}\n`;
}
