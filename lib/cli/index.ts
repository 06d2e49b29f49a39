// Each command module registers itself with main.ts when imported.
import './validate';
import './analyze';
import './diff';
import './explain';

export { main } from './main';
