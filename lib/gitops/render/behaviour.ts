import { BehaviourDiff, FlowChange, requestText } from '../diff/behaviour';

/** Flows of one caller to one Service port with the same deciding policies: one line. */
interface FlowGroup {
  readonly from: string;
  readonly to: string;
  readonly requests: string[];
  readonly before: string;
  readonly after: string;
}

/** At most this many lines per section; the rest is counted. */
const MAX_LINES = 40;

function decided(answer: FlowChange['before']): string {
  return `${answer.decision === 'ALLOW' ? 'allowed' : `denied (${answer.status})`}${answer.policy ? ` by ${answer.policy}` : ''}`;
}

function callerName(from: string): string {
  return from === 'anonymous' ? 'a plaintext caller (no sidecar)' : from;
}

/** Groups flows by destination and caller (the flows are sorted that way), and by what decided them. */
function groups(flows: readonly FlowChange[]): FlowGroup[] {
  const out: FlowGroup[] = [];
  const byKey = new Map<string, FlowGroup>();
  for (const f of flows) {
    const before = decided(f.before);
    const after = decided(f.after);
    const key = `${f.to}\n${f.from}\n${before}\n${after}`;
    let g = byKey.get(key);
    if (!g) {
      g = { from: f.from, to: f.to, requests: [], before, after };
      byKey.set(key, g);
      out.push(g);
    }
    g.requests.push(requestText(f));
  }
  return out;
}

/** The sentence on how much was sampled. */
export function sampleText(b: BehaviourDiff): string {
  const s = b.sampled;
  return `sampled ${s.destinations} service port${s.destinations === 1 ? '' : 's'} × ${s.callers} caller${s.callers === 1 ? '' : 's'}: `
    + `${s.accessRequests} access and ${s.routeRequests} routing request${s.routeRequests === 1 ? '' : 's'} on each side `
    + `(at most ${s.maxRequestsPerPair} per caller and port or host)`;
}

/** One line per group of flows, per route change: `[code]` wraps names (backticks in markdown). */
function lines(
  b: BehaviourDiff, code: (s: string) => string, escape: (s: string) => string,
): { allowed: string[]; denied: string[]; routes: string[] } {
  const flow = (g: FlowGroup) => `${code(callerName(g.from))} → ${code(g.to)}: ${escape(g.requests.join(', '))} — ${escape(g.after)}, was ${escape(g.before)}`;
  const routes = b.routes.map((r) => `${code(r.from)} → ${code(`${r.host}${r.port ? `:${r.port}` : ''}`)} ${escape(requestText(r))}: `
    + `${escape(r.before.summary)} → ${escape(r.after.summary)}`);
  return { allowed: groups(b.newlyAllowed).map(flow), denied: groups(b.newlyDenied).map(flow), routes };
}

function capped(list: readonly string[], prefix: string, more: (n: number) => string): string[] {
  const shown = list.slice(0, MAX_LINES).map((l) => `${prefix}${l}`);
  return list.length > MAX_LINES ? [...shown, more(list.length - MAX_LINES)] : shown;
}

/** The behaviour sections of the pull-request comment: newly allowed, newly denied, route changes, what was sampled. */
export function behaviourMarkdown(b: BehaviourDiff, escape: (s: string) => string): string[] {
  const { allowed, denied, routes } = lines(b, (s) => `\`${s}\``, escape);
  const out: string[] = [];
  const section = (title: string, list: string[], count: number) => {
    if (list.length === 0) return;
    out.push(`#### ${title} (${count} request${count === 1 ? '' : 's'})`, '', ...capped(list, '- ', (n) => `- _…and ${n} more: see \`--format json\`_`), '');
  };
  section('✅ Newly allowed', allowed, b.newlyAllowed.length);
  section('⛔ Newly denied', denied, b.newlyDenied.length);
  section('🔀 Routes changed', routes, b.routes.length);
  if (out.length === 0) out.push('_No flow newly allowed or denied, and no route changed, for the requests asked._', '');
  out.push(`<sub>Behaviour: ${escape(sampleText(b))}.</sub>`, '');
  return out;
}

/** The behaviour blocks of the text report. */
export function behaviourText(b: BehaviourDiff): string[] {
  const { allowed, denied, routes } = lines(b, (s) => s, (s) => s);
  const out: string[] = [];
  const block = (title: string, list: string[]) => {
    if (list.length > 0) out.push(`${title}:`, ...capped(list, '    ', (n) => `    …and ${n} more (--format json lists them all)`));
  };
  block(`newly allowed (${b.newlyAllowed.length})`, allowed);
  block(`newly denied (${b.newlyDenied.length})`, denied);
  block(`routes changed (${b.routes.length})`, routes);
  out.push(`behaviour: ${sampleText(b)}`, '');
  return out;
}
