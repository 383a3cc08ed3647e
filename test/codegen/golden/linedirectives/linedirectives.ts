// With --line-directives (the hosted test build), each definition starts with `#line N "file"`
// and a further one follows wherever the C drifts from the source line, so gcc, gdb and the
// sanitizers point at the TypeScript.
import { u32 } from '../../../../klib-src/dialect';

export function clamp(x: u32, limit: u32): u32 {
    // Comments and wrapped lines shift the C: the directives follow.
    if (x > limit) return limit;

    return x;
}

export function sum(n: u32): u32 {
    let total: u32 = 0;
    for (let i: u32 = 0; i < n; i++) total += clamp(i, 10);
    return total;
}
