import { IConstruct } from 'constructs';

/**
 * One synth pass of an app: `app.synth()`, `app.synthYaml()` or `IstioChecks.onePass`. Inside a pass the
 * app does not change, so each object renders once, and layers above core keep per-pass results on it
 * (the checks keep their findings).
 * @internal
 */
export interface SynthPass {
  /** Objects already rendered in the pass, with their JSON. */
  readonly rendered: WeakMap<IConstruct, unknown>;
}

const PASSES = new WeakMap<IConstruct, SynthPass>();

/** The pass the app of `scope` is in, if any. @internal */
export function currentSynthPass(scope: IConstruct): SynthPass | undefined {
  return PASSES.get(scope.node.root);
}

/** Runs `synth` as one pass of the app of `scope` (nested calls join the running pass). @internal */
export function inSynthPass<T>(scope: IConstruct, synth: () => T): T {
  const root = scope.node.root;
  if (PASSES.has(root)) return synth();
  PASSES.set(root, { rendered: new WeakMap() });
  try {
    return synth();
  } finally {
    PASSES.delete(root);
  }
}

/**
 * Renders an object once per synth pass: the checks and cdk8s's output both need it, and the app
 * does not change inside a pass. Outside a pass it renders every time.
 * @internal
 */
export function renderOncePerPass<T>(object: IConstruct, render: () => T): T {
  const pass = PASSES.get(object.node.root);
  if (!pass) return render();
  if (pass.rendered.has(object)) return pass.rendered.get(object) as T;
  const json = render();
  pass.rendered.set(object, json);
  return json;
}

type ResourceHook = (resource: IConstruct) => void;
const RESOURCE_HOOKS: ResourceHook[] = [];

/**
 * Adds what a layer above core does for every new Istio resource. Core cannot import the checks
 * (they build on it): `lib/checks` registers its synth-time checks here when it is loaded, and the
 * package's entry point loads it.
 * @internal
 */
export function onIstioResource(hook: ResourceHook): void {
  if (!RESOURCE_HOOKS.includes(hook)) RESOURCE_HOOKS.push(hook);
}

/** Runs the hooks for a new Istio resource. @internal */
export function istioResourceCreated(resource: IConstruct): void {
  for (const hook of RESOURCE_HOOKS) hook(resource);
}
