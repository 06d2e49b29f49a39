// Each command module registers itself with main.ts when imported.
export { main } from './main';
