import { isObj, num, obj, str } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const REPLACEABLE = new Set(['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST']);

/**
 * IST0151-IST0155: EnvoyFilter patches whose operation is ignored for what they apply to, or relative
 * operations without a priority (Istio's `envoyfilter.EnvoyPatchAnalyzer`).
 */
export const envoyPatchAnalyzer: Analyzer = {
  name: 'envoyfilter.EnvoyPatchAnalyzer',
  description: 'Checks an envoyFilters ',
  codes: ['IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155'],
  analyze(ctx: AnalysisContext): void {
    // Names of filters patched with a proxyVersion match, in the order the EnvoyFilters come.
    const versionedNames: string[] = [];
    for (const ef of ctx.list(GK.EnvoyFilter)) {
      const priority = num(ef.spec.priority);
      const patches = Array.isArray(ef.spec.configPatches) ? ef.spec.configPatches : [];
      for (let i = 0; i < patches.length; i++) {
        const patch = obj(patches[i]);
        if (!isObj(patch.patch)) break;
        const value = obj(patch.patch).value;
        const match = obj(patch.match);
        let instance = '';
        if (isObj(value) && Object.keys(value).length > 0) {
          if (value.name !== undefined && value.name !== null) {
            instance = JSON.stringify(value.name);
          } else {
            instance = str(obj(obj(obj(match.listener).filterChain).filter).name);
          }
        }
        const relative = (): void => {
          if (priority !== 0) return;
          const code = versionedNames.includes(instance) ? 'IST0155' : 'IST0151';
          ctx.report(ef, code, [], `spec.configPatches[${i}]`, 'Set a priority, or use INSERT_FIRST or ADD.');
        };
        const operation = str(obj(patch.patch).operation);
        const applyTo = str(patch.applyTo);
        if (operation === 'ADD') {
          if (ROUTE_LEVEL.has(applyTo)) ctx.report(ef, 'IST0153', [], `spec.configPatches[${i}].patch.operation`);
        } else if (operation === 'REMOVE') {
          if (ROUTE_LEVEL.has(applyTo)) ctx.report(ef, 'IST0154', [], `spec.configPatches[${i}].patch.operation`); else relative();
        } else if (operation === 'REPLACE') {
          if (!REPLACEABLE.has(applyTo)) ctx.report(ef, 'IST0152', [], `spec.configPatches[${i}].patch.operation`); else relative();
        } else if (operation === 'INSERT_BEFORE' || operation === 'INSERT_AFTER') {
          relative();
        }
        if (str(obj(match.proxy).proxyVersion)) versionedNames.push(instance);
      }
    }
  },
};
