// Reading the JSDoc tags that binding declarations (klib-src/nanos/*.d.ts, klib-src/dialect.d.ts)
// carry: @c, @include, @int, @fmt, @closure, @fnptr, @struct, @literal, @format, @bool, @void,
// @intrinsic. The compiler knows no kernel name: every C name comes from a tag.
import { Node, ts } from 'ts-morph';

export type Tags = Map<string, string>;

const cache = new WeakMap<ts.Node, Tags>();

export function tagsOf(node: Node): Tags {
    const compilerNode = node.compilerNode;
    const cached = cache.get(compilerNode);
    if (cached) return cached;
    const tags: Tags = new Map();
    for (const tag of ts.getJSDocTags(compilerNode)) {
        const comment = typeof tag.comment === 'string'
            ? tag.comment
            : (tag.comment ?? []).map(part => part.text).join('');
        tags.set(tag.tagName.text, comment.trim());
    }
    cache.set(compilerNode, tags);
    return tags;
}

/** True when the declaration comes from a binding file (a .d.ts): it has no body, the kernel has it. */
export function isBinding(node: Node): boolean {
    return node.getSourceFile().isDeclarationFile();
}
