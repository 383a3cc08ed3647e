// The kernel headers a C file includes, in an order the Nanos headers accept (they have no
// include guards, and some need others first). Bindings say it all in their `@include` tag:
//   @include H                     H declares this
//   @include H instead of K...     H includes K itself: H takes K's place, K is not included again
//   @include H after K             H needs K included before it (K is included too)
//   @include H first               H is included before any other header, in every C file (<kernel.h>)

export interface IncludeRule {
    header: string;
    replaces: string[];
    after: string[];
}

export function parseInclude(tag: string): IncludeRule {
    const words = tag.trim().split(/\s+/);
    const rule: IncludeRule = { header: words[0]!, replaces: [], after: [] };
    let list: string[] | undefined;
    for (let i = 1; i < words.length; i++) {
        const w = words[i]!;
        if (w === 'instead' && words[i + 1] === 'of') { list = rule.replaces; i++; }
        else if (w === 'after') list = rule.after;
        else if (list) list.push(w);
        else throw new Error(`@include ${tag}: expected 'instead of' or 'after' after the header`);
    }
    return rule;
}

/** The headers to include, in order: the first header (or what replaces it), then the others. */
export function orderIncludes(rules: IncludeRule[], first: string | undefined): string[] {
    const replacedBy = new Map<string, string>();
    for (const r of rules) for (const k of r.replaces) replacedBy.set(k, r.header);
    const canonical = (h: string): string => {
        for (let i = 0; i < 8 && replacedBy.has(h); i++) h = replacedBy.get(h)!;
        return h;
    };
    const needs = new Map<string, Set<string>>();
    const all = new Set<string>();
    const add = (h: string) => {
        const c = canonical(h);
        all.add(c);
        if (!needs.has(c)) needs.set(c, new Set());
        return c;
    };
    for (const r of rules) {
        const h = add(r.header);
        for (const k of r.after) {
            const c = add(k);
            if (c !== h) needs.get(h)!.add(c);
        }
    }
    const head = first ? canonical(first) : undefined;
    if (head) all.delete(head);
    // Sorted, except that a header comes after those it needs.
    const ordered: string[] = [];
    const placed = new Set<string>();
    const place = (h: string, seen: Set<string>) => {
        if (placed.has(h) || seen.has(h)) return;
        seen.add(h);
        for (const k of [...needs.get(h) ?? []].sort()) if (k !== head) place(k, seen);
        placed.add(h);
        ordered.push(h);
    };
    for (const h of [...all].sort((a, b) => a.localeCompare(b))) place(h, new Set());
    return head ? [head, ...ordered] : ordered;
}
