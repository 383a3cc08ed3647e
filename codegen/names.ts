// C names from TypeScript names: camelCase and PascalCase become snake_case; names that are already
// snake_case or UPPER_CASE are kept.

export function snakeCase(name: string): string {
    if (/^[A-Z0-9_]+$/.test(name) || /^[a-z0-9_]+$/.test(name)) return name;
    return name
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .toLowerCase();
}

export function upperSnakeCase(name: string): string {
    return snakeCase(name).toUpperCase();
}

// Words C reserves that a TypeScript name could collide with (the kernel's macro names a local must
// not take come from the bindings: Prelude.macroNames).
const C_RESERVED = new Set([
    'auto', 'char', 'double', 'extern', 'float', 'goto', 'int', 'long', 'register', 'short', 'signed',
    'sizeof', 'static', 'struct', 'typedef', 'union', 'unsigned', 'volatile', 'restrict', 'inline',
    'main', 'bool', '_Bool', 'asm', 'typeof',
]);

export function isReservedInC(name: string): boolean {
    return C_RESERVED.has(name);
}

/** A C string literal for the given text; non-ASCII and control bytes become octal escapes. */
export function cStringLiteral(text: string): string {
    const bytes = Buffer.from(text, 'utf8');
    let out = '"';
    for (const b of bytes) {
        if (b === 0x22) out += '\\"';
        else if (b === 0x5c) out += '\\\\';
        else if (b === 0x0a) out += '\\n';
        else if (b === 0x0d) out += '\\r';
        else if (b === 0x09) out += '\\t';
        else if (b === 0x3f) out += '?'; // trigraphs are off in gnu11
        else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
        else out += String.fromCharCode(b);
    }
    return out + '"';
}

/** The C name of a module constant: UPPER_CASE stays, anything else becomes snake_case. */
export function constantName(name: string): string {
    return /^[A-Z][A-Z0-9_]*$/.test(name) ? name : snakeCase(name);
}
