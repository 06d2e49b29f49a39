// Each command module registers itself with main.ts when imported.
import './validate';
import './analyze';

export { main } from './main';
