import * as path from 'path';
import { documents, errorLines, DATA_ISTIO, yamlFiles } from './helpers';
import { IstioVersion } from '../../lib/core';
import { isCheckedObject, validateObject } from '../../lib/validation';

const ROOT = path.join(DATA_ISTIO, '1.30.3', 'valid-examples');

describe("Istio's valid examples (data/istio/1.30.3/valid-examples)", () => {
  const files = yamlFiles(ROOT);

  test('there are examples to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  test.each(files.map((f) => path.relative(ROOT, f)))('%s passes with no error', (file) => {
    const errors = documents(path.join(ROOT, file)).flatMap((o) => errorLines(validateObject(o, { istioVersion: IstioVersion.V1_30 })));
    expect(errors).toEqual([]);
  });

  test('the datasets hold one Istio object per kind and version, all checked', () => {
    const objects = yamlFiles(path.join(ROOT, 'datasets')).flatMap(documents);
    expect(objects.filter(isCheckedObject).length).toBe(objects.length);
  });
});
