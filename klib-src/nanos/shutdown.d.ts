/* Bindings: merges and the shutdown completions run when the program exits (kernel.h). */
import type { s32 } from '../dialect';
import type { StatusHandler } from './runtime';

/** Joins several completions into one. @c merge @include kernel.h */
export interface Merge { readonly __kind: 'merge' }
/** Run at shutdown; taking apply_merge(m) delays the VM's exit until it completes. @closure shutdown_handler @include kernel.h */
export type ShutdownHandler = (status: s32, m: Merge) => void;

/** @c add_shutdown_completion */ export declare function addShutdownCompletion(h: ShutdownHandler): void;
/** One more pending join of the merge; apply the handler when that part is done. @c apply_merge */
export declare function applyMerge(m: Merge): StatusHandler;
