import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { objects } from './helpers';
import { BookinfoChart } from '../../examples/bookinfo/chart';
import { analyze } from '../../lib/analysis';
import { Severity } from '../../lib/vocab/finding';

const EXAMPLES = path.resolve(__dirname, '../../data/istio/1.30.3/valid-examples');
const load = (dir: string, file: string) => objects(fs.readFileSync(path.join(EXAMPLES, dir, file), 'utf8'));
const errors = (set: Parameters<typeof analyze>[0]) => analyze(set).filter((f) => f.severity === Severity.ERROR);
const show = (fs2: ReturnType<typeof analyze>) => fs2.map((f) => `${f.code} ${f.resource?.kind} ${f.resource?.name} ${f.path}`);

describe('examples', () => {
  test('the Bookinfo example analyzes clean', () => {
    const chart = new BookinfoChart(Testing.app(), 'bookinfo');
    expect(analyze(Testing.synth(chart))).toEqual([]);
  });

  test("Istio's validation datasets, analyzed together, produce no error", () => {
    const all = fs.readdirSync(path.join(EXAMPLES, 'datasets')).flatMap((f) => load('datasets', f));
    expect(show(errors(all))).toEqual([]);
  });

  describe("Istio's samples", () => {
    const samples = fs.readdirSync(path.join(EXAMPLES, 'samples'));
    const bookinfo = ['bookinfo--platform--kube--bookinfo.yaml', 'bookinfo--networking--destination-rule-all.yaml', 'bookinfo--networking--bookinfo-gateway.yaml'];
    /** The files a sample is applied with: Bookinfo routes with the app, its DestinationRules and Gateway. */
    const companions = (file: string): string[] => {
      if (/^bookinfo--networking--(virtual-service|fault-injection)/.test(file)) return bookinfo;
      if (file.startsWith('bookinfo--networking--destination-rule')) return [bookinfo[0]];
      if (file === 'tcp-echo--tcp-echo-20-v2.yaml') return ['tcp-echo--tcp-echo-all-v1.yaml'];
      return [];
    };
    // Routes to ratings v2-mysql(-vm), whose Deployments are in Istio sample files not among these examples: a real 503.
    const needsMissingWorkloads = ['bookinfo--networking--virtual-service-ratings-mysql.yaml', 'bookinfo--networking--virtual-service-ratings-mysql-vm.yaml'];

    test.each(samples.filter((f) => !needsMissingWorkloads.includes(f)))('%s with the files it goes with: no error', (file) => {
      const set = [...companions(file), file].flatMap((f) => load('samples', f));
      expect(show(errors(set))).toEqual([]);
    });

    test.each(samples)('%s alone: errors only for references to objects of other files (as file-only istioctl)', (file) => {
      for (const f of errors(load('samples', file))) {
        expect(f.code).toBe('IST0101');
        expect(f.path).toMatch(/\.subset$|^spec\.gateways\[\d+\]$/);
      }
    });
  });
});
