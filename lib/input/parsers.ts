import type * as JsYaml from 'js-yaml';

// The parsers load on first use, so importing the package stays cheap (issue 21).
let yamlLib: typeof import('yaml') | undefined;
let jsYamlLib: typeof JsYaml | undefined;

/** The `yaml` package (positions, error messages, the syntax tree). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Y = (): typeof import('yaml') => (yamlLib ??= require('yaml') as typeof import('yaml'));

/** js-yaml (the fast reader of values). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const jsYaml = (): typeof JsYaml => (jsYamlLib ??= require('js-yaml') as typeof JsYaml);
