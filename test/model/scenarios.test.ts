import * as fs from 'fs';
import * as path from 'path';
import { run } from '../cli/helpers';

/**
 * Our own scenario set, in the format of issue 13's hidden set: a multi-document YAML file and a JSON array
 * of requests (each with the answer Istio gives under `expect`), run through `cdk8s-istio explain
 * --requests FILE --format json`. The scenarios are modelled on Istio's integration tests (cited in each file).
 */
const DIR = path.join(__dirname, 'scenarios');
const scenarios = fs.readdirSync(DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));

describe('scenarios through `cdk8s-istio explain --requests`', () => {
  test.each(scenarios)('%s', async (name) => {
    const requestsFile = path.join(DIR, `${name}.requests.json`);
    const requests: Array<{ expect: Record<string, unknown> }> = JSON.parse(fs.readFileSync(requestsFile, 'utf8'));
    const r = await run('explain', '--requests', requestsFile, '--format', 'json', path.join(DIR, `${name}.yaml`));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const answers = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(answers.map((a) => a.index)).toEqual(requests.map((_, i) => i));
    const got = answers.map((a, i) => ({ index: i, ...Object.fromEntries(Object.keys(requests[i].expect).map((k) => [k, a[k]])) }));
    expect(got).toEqual(requests.map((q, i) => ({ index: i, ...q.expect })));
  });
});
