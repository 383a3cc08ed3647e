// What a name in the source refers to: the one place where imports, re-exports and the prelude's
// global names are followed to the declaration that carries the tags.
import { Node, Symbol as MorphSymbol, SyntaxKind, ts, TypeNode } from 'ts-morph';
import { isBinding, tagsOf } from './tags.js';

/** Follows import and export aliases to the symbol a name refers to. */
export function resolveSymbol(sym: MorphSymbol | undefined): MorphSymbol | undefined {
    if (!sym) return undefined;
    if (sym.isAlias()) return sym.getAliasedSymbol() ?? sym;
    return sym;
}

/**
 * The declaration `node` (an identifier or a type name) refers to. The prelude makes its names
 * global by re-declaring them (`type u8 = import('./dialect').u8`,
 * `const closure: typeof import('./nanos/closures').closure`): those are followed to the original.
 * Answers are kept per node: the lowering asks about the same names many times.
 */
export function declarationOf(node: Node): Node | undefined {
    const key = node.compilerNode;
    const cached = declarations.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const decl = rawDeclarationOf(node);
    const result = decl ? followRenaming(decl) : undefined;
    declarations.set(key, result ?? null);
    return result;
}

const declarations = new WeakMap<ts.Node, Node | null>();

interface MorphInternals {
    _context: {
        typeChecker: { compilerObject: ts.TypeChecker };
        compilerFactory: {
            getSourceFileForNode(n: ts.Node): unknown;
            getNodeFromCompilerNode(n: ts.Node, sourceFile: unknown): Node;
        };
    };
}

/** TypeScript's answer, through its checker directly (ts-morph's wrappers cost more than the lookup). */
function rawDeclarationOf(node: Node): Node | undefined {
    const { typeChecker, compilerFactory } = (node as unknown as MorphInternals)._context;
    const checker = typeChecker.compilerObject;
    const raw = node.compilerNode as ts.Node & { symbol?: ts.Symbol; name?: ts.Node };
    let sym = raw.symbol ?? checker.getSymbolAtLocation(raw) ?? (raw.name ? checker.getSymbolAtLocation(raw.name) : undefined);
    if (sym && (sym.flags & ts.SymbolFlags.Alias) !== 0) sym = checker.getAliasedSymbol(sym) ?? sym;
    const decl = sym?.declarations?.[0];
    return decl ? compilerFactory.getNodeFromCompilerNode(decl, compilerFactory.getSourceFileForNode(decl)) : undefined;
}

function followRenaming(decl: Node): Node {
    for (let hops = 0; hops < 8; hops++) {
        const target = renamed(decl);
        if (!target) return decl;
        decl = target;
    }
    return decl;
}

/** The declaration an untagged binding re-declares under its own name, if it is such a renaming. */
function renamed(decl: Node): Node | undefined {
    if (!isBinding(decl) || tagsOf(decl).size > 0) return undefined;
    if (Node.isVariableDeclaration(decl)) {
        const t = decl.getTypeNode();
        if (t && Node.isImportTypeNode(t) && t.compilerNode.isTypeOf) return qualifierDeclaration(t);
        if (t && Node.isTypeQuery(t)) return resolveSymbol(t.getExprName().getSymbol())?.getDeclarations()[0];
        return undefined;
    }
    if (Node.isTypeAliasDeclaration(decl)) {
        const t = decl.getTypeNode();
        if (!t) return undefined;
        const own = decl.getTypeParameters().map(p => p.getName());
        const passed = (args: TypeNode[]) => args.length === own.length && args.every((a, i) => a.getText() === own[i]);
        if (Node.isImportTypeNode(t) && !t.compilerNode.isTypeOf && passed(t.getTypeArguments())) return qualifierDeclaration(t);
        if (Node.isTypeReference(t) && passed(t.getTypeArguments())) {
            return resolveSymbol(t.getTypeName().getSymbol())?.getDeclarations()[0];
        }
    }
    return undefined;
}

function qualifierDeclaration(t: import('ts-morph').ImportTypeNode): Node | undefined {
    const q = t.getQualifier();
    return q ? resolveSymbol(q.getSymbol())?.getDeclarations()[0] : undefined;
}

const namedTypesCache = new WeakMap<object, Node[]>();

/** The declarations of every type a type annotation names (`Fixed<Rec, 4> | null`: Fixed and Rec). */
export function namedTypes(node: TypeNode | undefined): Node[] {
    if (!node) return [];
    const cached = namedTypesCache.get(node.compilerNode);
    if (cached) return cached;
    const found: Node[] = [];
    for (const ref of [node, ...node.getDescendantsOfKind(SyntaxKind.TypeReference)]) {
        if (!Node.isTypeReference(ref)) continue;
        const decl = declarationOf(ref.getTypeName());
        if (!decl) continue;
        found.push(decl);
        // A function pointer type of a dialect module is spelled out where it is used (C has no
        // name for it): the types it names are used there too.
        if (Node.isTypeAliasDeclaration(decl) && !isBinding(decl) && tagsOf(decl).has('fnptr')) {
            const sig = decl.getTypeNode();
            if (sig && Node.isFunctionTypeNode(sig)) {
                found.push(...namedTypes(sig.getReturnTypeNode()));
                for (const p of sig.getParameters()) found.push(...namedTypes(p.getTypeNode()));
            }
        }
    }
    namedTypesCache.set(node.compilerNode, found);
    return found;
}
