// How C spells string and character constants: printable ASCII as itself, the usual escapes, and
// every other byte (non-ASCII text is UTF-8) as a three-digit octal escape, so that a literal can be
// cut between any two of its pieces.

/** The characters of a C string literal for `text`, each already escaped (quotes excluded). */
export function stringPieces(text: string): string[] {
    const pieces: string[] = [];
    for (const b of Buffer.from(text, 'utf8')) pieces.push(escapeByte(b, '"'));
    return pieces;
}

/** A C character constant: `'x'`, `'\n'`, `'\''`. */
export function charConstant(code: number): string {
    return `'${escapeByte(code, "'")}'`;
}

function escapeByte(b: number, quote: string): string {
    if (b === quote.charCodeAt(0)) return '\\' + quote;
    switch (b) {
        case 0x5c: return '\\\\';
        case 0x0a: return '\\n';
        case 0x0d: return '\\r';
        case 0x09: return '\\t';
    }
    // A string keeps three octal digits (a digit after a shorter escape would join it).
    if (b === 0 && quote === "'") return '\\0';
    if (b < 0x20 || b >= 0x7f) return '\\' + b.toString(8).padStart(3, '0');
    return String.fromCharCode(b);
}
