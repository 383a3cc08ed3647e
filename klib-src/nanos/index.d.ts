/* All bindings, for `import { ... } from '../nanos'`. */
export * from './runtime';
export * from './time';
export * from './console';
