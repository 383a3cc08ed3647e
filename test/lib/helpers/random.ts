// A small deterministic generator for the library's randomized tests, so a failure replays.
export class Random {
    constructor(private seed: number) {}

    /** An integer in [0, limit). */
    int(limit: number): number {
        this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
        return Math.floor((this.seed / 2147483648) * limit);
    }

    bytes(maxLength: number): Buffer {
        const b = Buffer.alloc(this.int(maxLength + 1));
        for (let i = 0; i < b.length; i++) b[i] = this.int(256);
        return b;
    }

    pick<T>(items: T[]): T {
        return items[this.int(items.length)]!;
    }

    /** Text biased towards what JSON escaping and UTF-8 handling find interesting. */
    tricky(maxLength: number): Buffer {
        const parts: Buffer[] = [];
        const n = this.int(maxLength + 1);
        for (let i = 0; i < n; i++) {
            switch (this.int(8)) {
                case 0: parts.push(Buffer.from([this.int(32)])); break;
                case 1: parts.push(Buffer.from(this.pick(['"', '\\', '/', '\x7f', '\u2028', 'é', '€', '😀', '\x1b[31m']))); break;
                case 2: parts.push(Buffer.from([0x80 + this.int(128)])); break;
                case 3: parts.push(Buffer.from(this.pick([[0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80], [0xf0, 0x9f, 0x98], [0xc0, 0xaf]]))); break;
                default: parts.push(Buffer.from([32 + this.int(95)]));
            }
        }
        return Buffer.concat(parts);
    }
}

export const hex = (b: Uint8Array | Buffer, n = b.length): string => (n <= 0 ? '-' : Buffer.from(b.subarray(0, n)).toString('hex'));
