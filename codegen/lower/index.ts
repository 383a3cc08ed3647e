// The lowering's passes wired together: each pass reaches the others through the context, so
// this is the only file that knows them all.
import { Diagnostics } from '../diagnostics.js';
import { TypeResolver } from '../types/ctypes.js';
import { lowerArgument } from './calls.js';
import { lowerClosure } from './closures.js';
import { ModuleInfo, Passes } from './context.js';
import { lowerCondition, lowerExpression } from './expressions.js';
import { lowerModule as lower, ModuleOutput } from './module.js';

const passes: Passes = {
    expression: lowerExpression,
    condition: lowerCondition,
    argument: lowerArgument,
    closure: lowerClosure,
};

export function lowerModule(info: ModuleInfo, types: TypeResolver, diags: Diagnostics): ModuleOutput {
    return lower(info, types, diags, passes);
}

export type { ModuleInfo, ModuleOutput };
