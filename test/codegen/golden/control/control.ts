// Functions (static unless exported), loops, switch, early return, forward references.
import { s32, u32, u64 } from '../../../../klib-src/dialect';

export function digits(n: u64): u32 {
    if (n === 0) return 1;
    let count: u32 = 0;
    while (n > 0) {
        n = Math.trunc(n / 10);
        count++;
    }
    return count;
}

export function sumOdd(limit: u32): u64 {
    let sum: u64 = 0;
    for (let i: u32 = 0; i < limit; i++) {
        if (i % 2 === 0) continue;
        if (i > 1000) break;
        sum += i;
    }
    return sum;
}

export function classify(c: u32): s32 {
    switch (c) {
        case 10:
            return 1;
        case 32:
        case 9: {
            const weight: s32 = spaceWeight(c);
            return weight;
        }
        default:
            break;
    }
    do {
        c = c >> 1;
    } while (c > 1);
    return c > 0 ? 3 : 4;
}

function spaceWeight(c: u32): s32 {
    return c === 9 ? 8 : 1;
}
