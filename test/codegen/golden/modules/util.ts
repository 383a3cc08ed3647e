// The helper module of the modules golden case.
import { u32 } from '../../../../klib-src/dialect';

export const MAX_COUNT: u32 = 100;

export interface Counter {
    value: u32;
}

export function bump(c: Counter, limit: u32): void {
    if (c.value < limit) c.value++;
}
