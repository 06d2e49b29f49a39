import { isAbsent, JsonObject, obj } from '../../../vocab/json';
import { Entry, MeshIndex, ROOT_NAMESPACE } from '../mesh-index';
import { ChangeWarning } from '../model';
import { DiffContext, Explanation, KindExplainer, isNamespaceWide, policyScope, specOf } from './explainer';

const PEER_AUTHENTICATION = 'security.istio.io/PeerAuthentication';

/** The mode a PeerAuthentication (or one of its port settings) sets: `UNSET` inherits from the parent scope. */
function modeOf(mtls: unknown): string {
  const mode = obj(mtls).mode;
  return isAbsent(mode) ? 'UNSET' : String(mode);
}

function portModes(spec: JsonObject): Map<string, string> {
  return new Map(Object.entries(obj(spec.portLevelMtls)).map(([port, mtls]) => [port, modeOf(mtls)]));
}

/** Whether going from one mode to another accepts plaintext where it was refused. */
function isDowngrade(before: string, after: string): boolean {
  return (before === 'STRICT' && after !== 'STRICT') || (before === 'PERMISSIVE' && after === 'DISABLE');
}

/**
 * The mode a workload in a namespace gets from the policies above it: the namespace-wide
 * policy, else the mesh-wide one in the root namespace, else Istio's default (PERMISSIVE).
 */
function inheritedMode(index: MeshIndex, namespace: string, exclude?: string): string {
  const scopes = namespace === ROOT_NAMESPACE ? [ROOT_NAMESPACE] : [namespace, ROOT_NAMESPACE];
  for (const ns of scopes) {
    for (const e of index.inNamespace(PEER_AUTHENTICATION, ns)) {
      if (e.id === exclude || !isNamespaceWide(e)) continue;
      const mode = modeOf(specOf(e.object).mtls);
      if (mode !== 'UNSET') return mode;
    }
  }
  return 'PERMISSIVE';
}

/** What a downgrade means in words. */
function consequence(mode: string): string {
  return mode === 'DISABLE' ? 'mTLS is off and traffic is plaintext' : 'plaintext traffic is accepted';
}

/** The mode in force: the policy's own, or when UNSET the one inherited from the scopes above it. */
function effectiveMode(index: MeshIndex, entry: Entry, mode: string): string {
  return mode !== 'UNSET' ? mode : inheritedMode(index, entry.namespace, isNamespaceWide(entry) ? entry.id : undefined);
}

function modeText(own: string, effective: string): string {
  return own === 'UNSET' ? `${effective} (inherited)` : own;
}

/** The warning for a downgrade; `effective` is the mode now in force. */
function downgradeWarning(entry: Entry, before: string, after: string, effective: string, path: string, port?: string): ChangeWarning {
  const where = `${policyScope(entry)}${port ? ` on port ${port}` : ''}`;
  return { code: 'CIS7002', path, message: `mTLS downgraded from ${before} to ${after} for ${where}: ${consequence(effective)}` };
}

function compare(before: Entry, after: Entry, out: Explanation, ctx: DiffContext): void {
  const [o, n] = [specOf(before.object), specOf(after.object)];
  const [om, nm] = [modeOf(o.mtls), modeOf(n.mtls)];
  const [oe, ne] = [effectiveMode(ctx.old, before, om), effectiveMode(ctx.new, after, nm)];
  if (om !== nm) {
    out.details.push({ path: 'spec.mtls.mode', message: `mTLS mode: ${om} → ${nm}`, before: om, after: nm });
  }
  if (isDowngrade(oe, ne)) {
    out.warnings.push(downgradeWarning(after, modeText(om, oe), modeText(nm, ne), ne, 'spec.mtls.mode'));
  }
  const [op, np] = [portModes(o), portModes(n)];
  for (const port of new Set([...op.keys(), ...np.keys()])) {
    const [b, a] = [op.get(port), np.get(port)];
    if (b === a) continue;
    const path = `spec.portLevelMtls.${port}.mode`;
    out.details.push({
      path,
      message: b === undefined ? `port ${port}: mTLS mode set to ${a}` : a === undefined ? `port ${port}: mTLS setting removed (was ${b}; the policy's mode applies)` : `port ${port}: mTLS mode ${b} → ${a}`,
      before: b,
      after: a,
    });
    const previous = b === undefined || b === 'UNSET' ? oe : b;
    const effective = a === undefined || a === 'UNSET' ? ne : a;
    if (isDowngrade(previous, effective)) out.warnings.push(downgradeWarning(after, previous, effective, effective, path, port));
  }
}

/** Warns when a new policy relaxes a STRICT mode the namespace (or mesh) sets. */
function relaxesParent(entry: Entry, out: Explanation, index: MeshIndex): void {
  const spec = specOf(entry.object);
  const parent = isNamespaceWide(entry)
    ? (entry.namespace === ROOT_NAMESPACE ? 'PERMISSIVE' : inheritedMode(index, ROOT_NAMESPACE))
    : inheritedMode(index, entry.namespace);
  if (parent !== 'STRICT') return;
  const modes: Array<[string, string, string | undefined]> = [['spec.mtls.mode', modeOf(spec.mtls), undefined]];
  for (const [port, mode] of portModes(spec)) modes.push([`spec.portLevelMtls.${port}.mode`, mode, port]);
  for (const [path, mode, port] of modes) {
    if (mode === 'PERMISSIVE' || mode === 'DISABLE') {
      out.warnings.push({
        code: 'CIS7002',
        path,
        message: `relaxes the STRICT mTLS ${isNamespaceWide(entry) ? 'of the mesh' : `of namespace ${entry.namespace}`} to ${mode} for ${policyScope(entry)}${port ? ` on port ${port}` : ''}: ${consequence(mode)}`,
      });
    }
  }
}

function describe(entry: Entry, out: Explanation, verb: string): void {
  const spec = specOf(entry.object);
  const ports = [...portModes(spec)].map(([p, m]) => `port ${p} ${m}`);
  out.details.push({ path: 'spec.mtls.mode', message: `${verb} mTLS ${modeOf(spec.mtls)} for ${policyScope(entry)}${ports.length ? ` (${ports.join(', ')})` : ''}` });
}

/** PeerAuthentication: mTLS mode per policy and port, with warnings on downgrades (STRICT → PERMISSIVE/DISABLE). */
export const peerAuthenticationExplainer: KindExplainer = {
  groupKind: PEER_AUTHENTICATION,
  specKeys: ['mtls', 'portLevelMtls'],
  changed(before, after, out, ctx) {
    compare(before, after, out, ctx);
  },
  added(after, out, ctx) {
    describe(after, out, 'sets');
    relaxesParent(after, out, ctx.new);
  },
  removed(before, out, ctx) {
    describe(before, out, 'set');
    const mode = modeOf(specOf(before.object).mtls);
    if (mode !== 'STRICT') return;
    const fallback = isNamespaceWide(before)
      ? (before.namespace === ROOT_NAMESPACE ? 'PERMISSIVE' : inheritedMode(ctx.new, ROOT_NAMESPACE))
      : inheritedMode(ctx.new, before.namespace);
    if (fallback !== 'STRICT') {
      out.warnings.push({
        code: 'CIS7002',
        path: 'spec.mtls.mode',
        message: `STRICT mTLS no longer enforced for ${policyScope(before)}: it falls back to ${fallback}, so ${consequence(fallback)}`,
      });
    }
  },
};
