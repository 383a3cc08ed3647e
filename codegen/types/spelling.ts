// How C spells a type: as a name (`u8 *`, `status_handler`), and in a declaration of a variable,
// field or parameter (`u8 buf[64]`, `struct timer retry`, `void (*write)(void *, const char *, bytes)`).
import { CType, TypeResolver } from './ctypes.js';

/** The C name of a type used as a parameter or a pointer-typed value. */
export function cTypeName(t: CType): string {
    switch (t.k) {
        case 'int': case 'bool': case 'void': case 'opaque': case 'closure': case 'string': case 'enum':
        case 'record': case 'kstruct':
            return t.c;
        case 'literal-int': return 'int';
        case 'table':
            // A reference to a table: its first row (rows of records are the structs themselves).
            if (t.length === undefined) return `const ${t.elem.k === 'record' ? t.elem.struct : cTypeName(t.elem)} *`;
    }
    throw new Error(`type of kind ${t.k} has no C name`);
}

/** `type name`, with no space after a `*`. */
export function joinTypeAndName(type: string, name: string): string {
    return type.endsWith('*') ? type + name : `${type} ${name}`;
}

/**
 * The declaration of `name` with type `t` as a local or a field holds it: kernel structs and fixed
 * arrays by value, records (in a record or the state) through their pointer.
 */
export function declarator(t: CType, name: string, types: TypeResolver): string {
    switch (t.k) {
        case 'fixed': return `${declarator(t.elem, name, types)}[${t.length}]`;
        case 'kstruct': return `${t.struct} ${name}`;
        case 'record': return `${t.struct} *${name}`;
        case 'fnptr': {
            const returns = cTypeName(types.fromTypeNode(t.sig.getReturnTypeNode(), t.sig));
            const params = t.sig.getParameters().map(p => cTypeName(types.fromTypeNode(p.getTypeNode(), p)));
            return `${returns} (*${name})(${params.join(', ') || 'void'})`;
        }
        case 'closure': case 'opaque': case 'int': case 'bool': case 'string': case 'enum': case 'void':
            return joinTypeAndName(cTypeName(t), name);
        case 'table':
            if (t.length === undefined) return joinTypeAndName(cTypeName(t), name);
            break;
    }
    throw new Error(`cannot declare a value of kind ${t.k}`);
}

/** A local variable: records by their typedef'd pointer name, the rest as declarator() writes them. */
export function localDeclarator(t: CType, name: string, types: TypeResolver): string {
    if (t.k === 'record') return joinTypeAndName(t.c, name);
    return declarator(t, name, types);
}
