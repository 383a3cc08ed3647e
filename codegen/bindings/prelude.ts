// What the compiler needs to know about the target, found by role in the binding declarations
// (never by name): the C types of boolean, void and the integers, the header every C file includes
// first, how a closure value is called, and the C names of the closure forms.
import { FunctionDeclaration, Node, Project } from 'ts-morph';
import type { CType, IntType } from '../types/ctypes.js';
import { parseInclude } from './includes.js';
import { tagsOf } from './tags.js';
import { parseTemplate, Template } from './templates.js';

export interface Prelude {
    bool: CType | undefined;
    void: CType | undefined;
    /** Integer types; the first declaration of a width is the one arithmetic results take (u64 before bytes). */
    ints: IntType[];
    /** The header included first in every C file (`@include kernel.h first`). */
    firstInclude: string | undefined;
    /** The call of a closure value (`@intrinsic apply`): `apply($closure, $args)`. */
    apply: Template | undefined;
    /** The row count of a constant table (`@intrinsic countOf`): `_countof($table)`, and its type. */
    countOf: { template: Template; decl: FunctionDeclaration } | undefined;
    /** Names of the macros the closure forms use, which a C local must not take. */
    macroNames: Set<string>;
}

export function findPrelude(project: Project): Prelude {
    const prelude: Prelude = { bool: undefined, void: undefined, ints: [], firstInclude: undefined, apply: undefined, countOf: undefined, macroNames: new Set() };
    for (const file of project.getSourceFiles()) {
        if (!file.isDeclarationFile()) continue;
        for (const statement of file.getStatements()) {
            const tags = tagsOf(statement);
            if (tags.size === 0) continue;
            const include = tags.get('include');
            if (include && include.trim().split(/\s+/).at(-1) === 'first') {
                prelude.firstInclude = include.trim().split(/\s+/)[0];
            }
            if (Node.isTypeAliasDeclaration(statement)) {
                const c = tags.get('c') ?? statement.getName();
                if (tags.has('bool')) prelude.bool = { k: 'bool', c, fmt: tags.get('fmt') };
                else if (tags.has('void')) prelude.void = { k: 'void', c };
                else if (tags.has('int')) {
                    const [sign, bits] = tags.get('int')!.split(/\s+/);
                    const t: IntType = { k: 'int', c, signed: sign === 'signed', bits: Number(bits), fmt: tags.get('fmt') };
                    if (!prelude.ints.some(x => x.signed === t.signed && x.bits === t.bits)) prelude.ints.push(t);
                }
            } else if (Node.isFunctionDeclaration(statement) && tags.has('intrinsic')) {
                if (tags.get('intrinsic') === 'apply' && tags.get('c')) prelude.apply = parseTemplate(tags.get('c')!);
                if (tags.get('intrinsic') === 'countOf' && tags.get('c')) prelude.countOf = { template: parseTemplate(tags.get('c')!), decl: statement };
                for (const key of ['c', 'define', 'field', 'bound', 'finish']) {
                    const name = /^\w+/.exec(tags.get(key) ?? '')?.[0];
                    if (name && key !== 'c') prelude.macroNames.add(name);
                }
            }
        }
    }
    return prelude;
}

/** The include rule of a binding tag, without the `first` marker. */
export function includeRule(tag: string) {
    const words = tag.trim().split(/\s+/);
    return parseInclude((words.at(-1) === 'first' ? words.slice(0, -1) : words).join(' '));
}

/** The C forms of a closure intrinsic (`closure`, `oneShot`, `embedded`, `stackClosure`), from its tags. */
export interface ClosureForm {
    kind: string;
    /** How a closure is made where it is used: `closure($h, $fn)`, `stack_closure($fn)` ... */
    create: Template;
    /** The macro defining its function: closure_function(nl, nr, ...) or closure_func_basic(type, ...). */
    define: string;
    /** How the body reads a captured variable: `bound($name)`. */
    bound: Template | undefined;
    /** What ends a closure that frees itself after its one call: `closure_finish()`. */
    finish: Template | undefined;
    /** For closures stored in the module state: the field macro, `closure_struct`. */
    field: string | undefined;
}

export function closureForm(decl: FunctionDeclaration): ClosureForm | undefined {
    const tags = tagsOf(decl);
    const kind = tags.get('intrinsic');
    const create = tags.get('c');
    const define = tags.get('define');
    if (!kind || !create || !define) return undefined;
    return {
        kind,
        create: parseTemplate(create),
        define,
        bound: tags.has('bound') ? parseTemplate(tags.get('bound')!) : undefined,
        finish: tags.has('finish') ? parseTemplate(tags.get('finish')!) : undefined,
        field: tags.get('field'),
    };
}
