// Each command module registers itself with main.ts when imported.
import './diff';
export { main } from './main';
