// Each command module registers itself with main.ts when imported.
import './validate';
import './analyze';
import './diff';
import './explain';
import './graph';

export { main } from './main';
