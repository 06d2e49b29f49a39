/**
 * Runs one variant of the mesh benchmark in this process and prints one JSON line:
 * `{ variant, services, objects, bytes, ms, cpuMs, rssMb }` (cpuMs: the process's CPU time while synthesizing). Run by bench/mesh.ts, one process per
 * measurement, so peak memory (maxRSS) belongs to that variant alone.
 */
import { performance } from 'perf_hooks';
import { stringify } from 'yaml';
import { l1Mesh } from './l1';
import { LIB_SOURCE, l2Mesh } from './l2';
import { plainMesh } from './plain';
import { meshSpec } from './spec';

export type Variant = 'a-plain-yaml' | 'b-cdk8s-l1' | 'c-l2-l3' | 'd-l2-l3-checked' | 'e-checked-synth-once' | 'f-checked-enable-synth-once'
  | 'g-checked-cdk8s-own-synth';

const RUN: Record<Variant, (services: number) => string> = {
  'a-plain-yaml': (n) => plainMesh(meshSpec(n)).flat().map((o) => stringify(o)).join('---\n'),
  'b-cdk8s-l1': (n) => l1Mesh(meshSpec(n)),
  'c-l2-l3': (n) => l2Mesh(meshSpec(n), false),
  'd-l2-l3-checked': (n) => l2Mesh(meshSpec(n), true),
  'e-checked-synth-once': (n) => l2Mesh(meshSpec(n), true, 'synthYamlOnce'),
  'f-checked-enable-synth-once': (n) => l2Mesh(meshSpec(n), true, 'enableSynthOnce'),
  'g-checked-cdk8s-own-synth': (n) => l2Mesh(meshSpec(n), true, 'disableSynthOnce'),
};

const [variant, services] = [process.argv[2] as Variant, Number(process.argv[3])];
const start = performance.now();
const cpu = process.cpuUsage();
const yaml = RUN[variant](services);
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
const objects = yaml.split(/^---$/m).length;
const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ variant, services, objects, bytes: yaml.length, ms: Math.round(ms), cpuMs: Math.round((used.user + used.system) / 1000), rssMb, lib: LIB_SOURCE })}\n`);
