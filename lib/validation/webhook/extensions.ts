import { WebhookCode } from './codes';
import { checkPolicyTargets } from './common';
import { Report } from './report';
import { arr, asObj, byteLength, enumName, JsonObject, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_EXTENSION;

/** Why a Wasm module URL is rejected (a file, http(s) or oci URL, or a bare image reference), or undefined. */
export function wasmUrlError(url: string): string | undefined {
  if (url === '') return 'url field needs to be set';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f ]/.test(url)) return `failed to parse url ${JSON.stringify(url)}`;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  if (m) {
    const scheme = m[1].toLowerCase();
    if (!['file', 'http', 'https', 'oci'].includes(scheme)) return `url contains unsupported scheme: ${scheme}`;
  }
  if (/%(?![0-9a-fA-F]{2})/.test(url)) return `failed to parse url ${JSON.stringify(url)}`;
  return undefined;
}

function checkWasmCommon(report: Report, config: JsonObject, path: string): void {
  report.errorIf(wasmUrlError(str(config.url)), CODE, at(path, 'url'), 'Use `oci://registry/image:tag`, `https://...` or `file:///path`.');
  const sha = str(config.sha256);
  if (sha !== '') {
    if (sha.length !== 64) report.error(CODE, at(path, 'sha256'), 'sha256 field must be 64 characters long');
    else if (!/^[a-f0-9]{64}$/.test(sha)) report.error(CODE, at(path, 'sha256'), 'sha256 field must match [a-f0-9]{64} pattern');
  }
  if (byteLength(str(config.imagePullSecret)) > 253) report.error(CODE, at(path, 'imagePullSecret'), 'imagePullSecret field must be less than 253 characters long');
  if (byteLength(str(config.pluginName)) > 256) report.error(CODE, at(path, 'pluginName'), 'pluginName field must be less than 256 characters long');
  const env = arr(asObj(config.vmConfig)?.env);
  const names = new Set<string>();
  for (let i = 0; i < env.length; i++) {
    const e = asObj(env[i]);
    if (!e) continue;
    const ep = at(at(path, 'vmConfig.env'), i);
    const name = str(e.name);
    if (name === '') {
      report.error(CODE, at(ep, 'name'), 'vmConfig.env name must be set');
      return;
    }
    if (byteLength(name) > 256) {
      report.error(CODE, at(ep, 'name'), 'env.name field must be less than 255 characters long');
      return;
    }
    if (names.has(name)) {
      report.error(CODE, at(ep, 'name'), `duplicate env ${name}`);
      return;
    }
    names.add(name);
    if (enumName(e.valueFrom, ['INLINE', 'HOST']) !== 'INLINE' && str(e.value) !== '') {
      report.error(CODE, at(ep, 'value'), 'value may only be set when valueFrom is INLINE');
      return;
    }
  }
}

function checkMatchPorts(report: Report, match: unknown): void {
  const list = arr(match);
  for (let i = 0; i < list.length; i++) {
    const sel = asObj(list[i]);
    if (!sel) {
      report.error(CODE, at('spec.match', i), `spec.match[${i}] is nil`);
      return;
    }
    const ports = arr(sel.ports);
    for (let j = 0; j < ports.length; j++) {
      const port = asObj(ports[j]);
      const p = at(at(at('spec.match', i), 'ports'), j);
      if (!port) {
        report.error(CODE, p, `spec.match[${i}].ports[${j}] is nil`);
        return;
      }
      const n = num(port.number);
      if (n <= 0 || n > 65535) {
        report.error(CODE, at(p, 'number'), `port ${n} is out of range`, 'Use a port number from 1 to 65535.');
        return;
      }
    }
  }
}

/** WasmPlugin (istiod's `ValidateWasmPlugin`). */
export function checkWasmPlugin(report: Report, spec: JsonObject): void {
  checkPolicyTargets(report, spec);
  checkWasmCommon(report, spec, 'spec');
  checkMatchPorts(report, spec.match);
}

/** TrafficExtension (istiod's `ValidateTrafficExtension`, Istio 1.30). */
export function checkTrafficExtension(report: Report, spec: JsonObject): void {
  const wasm = asObj(spec.wasm);
  const lua = asObj(spec.lua);
  if ((wasm && lua) || (!wasm && !lua)) report.error(CODE, 'spec', 'exactly one of wasm or lua must be set', 'Set `wasm` or `lua`.');
  checkPolicyTargets(report, spec, { targetRef: false });
  if (lua) {
    const code = str(lua.inlineCode);
    if (code.length === 0) report.error(CODE, 'spec.lua.inlineCode', 'lua.inlineCode cannot be empty');
    else if (byteLength(code) > 65536) report.error(CODE, 'spec.lua.inlineCode', 'lua.inlineCode exceeds maximum size of 64KB');
  }
  if (wasm) checkWasmCommon(report, wasm, 'spec.wasm');
  checkMatchPorts(report, spec.match);
}

/** ProxyConfig (istiod's `ValidateProxyConfig`). */
export function checkProxyConfig(report: Report, spec: JsonObject): void {
  checkPolicyTargets(report, { selector: spec.selector });
  if (num(spec.concurrency) < 0) report.error(WebhookCode.INVALID_PROXY_CONFIG, 'spec.concurrency', 'concurrency must be greater than or equal to 0', 'Use 0 (one worker per core) or a positive number.');
}
