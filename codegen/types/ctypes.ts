// The C types of the dialect, and the one walker that maps a TypeScript type annotation to one.
// Every C name comes from a binding tag or from a dialect declaration's own name.
import {
    EnumDeclaration, FunctionTypeNode, InterfaceDeclaration, Node, SyntaxKind, TypeAliasDeclaration, TypeNode,
} from 'ts-morph';
import { declarationOf } from '../bindings/resolve.js';
import { isBinding, tagsOf } from '../bindings/tags.js';
import { snakeCase } from '../names.js';
import type { Prelude } from '../bindings/prelude.js';

export type IntType = { k: 'int'; c: string; signed: boolean; bits: number; fmt: string | undefined };

export type CType =
    | IntType
    | { k: 'literal-int' }
    | { k: 'bool'; c: string; fmt: string | undefined }
    | { k: 'void'; c: string }
    | { k: 'opaque'; c: string; fmt: string | undefined; nullable: boolean; name: string; index?: TypeNode; anyPointer: boolean }
    | { k: 'record'; c: string; struct: string; decl: InterfaceDeclaration; nullable: boolean }
    | { k: 'kstruct'; c: string; struct: string; decl: InterfaceDeclaration; nullable: boolean }
    /** A string type: `literal` writes a literal of it (`ss(%s)`), `staticLiteral` one in static data. */
    | { k: 'string'; c: string; literal: string; staticLiteral: string | undefined; fmt: string | undefined; name: string; bytes: boolean }
    | { k: 'format' }
    | { k: 'closure'; c: string; sig: FunctionTypeNode; nullable: boolean; name: string }
    | { k: 'fnptr'; sig: FunctionTypeNode; name: string; nullable: boolean }
    | { k: 'enum'; c: string; decl: EnumDeclaration }
    | { k: 'fixed'; elem: CType; length: string }
    /**
     * A constant table (`const T: readonly E[] = [...]`): a static array of `length` rows; or, with
     * `length` undefined, a reference to one (a parameter or record field `keys: readonly E[]`,
     * `const E *keys` in C), which has no length of its own.
     */
    | { k: 'table'; elem: CType; length: number | undefined }
    | { k: 'never' }
    | { k: 'null' };

/** A type that cannot be given to a C declaration, with the node to blame and why. */
export class TypeError_ extends Error {
    constructor(readonly node: Node, message: string) { super(message); }
}

export class TypeResolver {
    constructor(readonly prelude: Prelude) {}

    boolType(at: Node): CType {
        if (!this.prelude.bool) throw new TypeError_(at, 'no binding declares what boolean lowers to (@bool)');
        return this.prelude.bool;
    }

    voidType(at: Node): CType {
        if (!this.prelude.void) throw new TypeError_(at, 'no binding declares what void lowers to (@void)');
        return this.prelude.void;
    }

    /** The integer type C arithmetic gives for this width and signedness, with its format. */
    intOf(signed: boolean, bits: number, at: Node): IntType {
        const exact = this.prelude.ints.find(t => t.signed === signed && t.bits === bits);
        if (!exact) throw new TypeError_(at, `no binding declares a ${signed ? 'signed' : 'unsigned'} ${bits}-bit integer`);
        return exact;
    }

    fromTypeNode(node: TypeNode | undefined, at: Node): CType {
        if (!node) throw new TypeError_(at, 'a type annotation is required here');
        switch (node.getKind()) {
            case SyntaxKind.BooleanKeyword: return this.boolType(node);
            case SyntaxKind.VoidKeyword: return this.voidType(node);
            case SyntaxKind.NeverKeyword: return { k: 'never' };
            case SyntaxKind.NumberKeyword:
                throw new TypeError_(node, "'number' has no size: use an integer type such as u32 or u64");
            case SyntaxKind.StringKeyword:
                throw new TypeError_(node, "'string' is not a C type: use SString or CString");
            case SyntaxKind.AnyKeyword:
                throw new TypeError_(node, "'any' is not allowed in the dialect");
            case SyntaxKind.ParenthesizedType:
                return this.fromTypeNode(node.asKindOrThrow(SyntaxKind.ParenthesizedType).getTypeNode(), at);
            case SyntaxKind.LiteralType:
                if (node.getText() === 'null') return { k: 'null' };
                break;
            case SyntaxKind.UnionType: return this.fromUnion(node.asKindOrThrow(SyntaxKind.UnionType).getTypeNodes(), node);
            case SyntaxKind.TypeReference: {
                const ref = node.asKindOrThrow(SyntaxKind.TypeReference);
                return this.fromDeclaration(declarationOf(ref.getTypeName()), ref, ref.getTypeArguments());
            }
            case SyntaxKind.FunctionType:
                throw new TypeError_(node, 'an inline function type has no C name: declare a closure type with @closure or a function pointer type with @fnptr');
            case SyntaxKind.TypeOperator: {
                const op = node.asKindOrThrow(SyntaxKind.TypeOperator);
                const inner = op.getTypeNode();
                if (op.getOperator() === SyntaxKind.ReadonlyKeyword && Node.isArrayTypeNode(inner)) {
                    // A reference to a constant table (a parameter or a record field); where no
                    // reference may be held, the lowering says so.
                    return { k: 'table', elem: this.fromTypeNode(inner.getElementTypeNode(), at), length: undefined };
                }
                break;
            }
            case SyntaxKind.ArrayType:
                throw new TypeError_(node, 'arrays are not in the dialect: use a Buffer, Fixed<T, N> inside a record, or a constant table (`const T: readonly E[] = [...]`)');
        }
        throw new TypeError_(node, `type '${node.getText()}' is not in the dialect`);
    }

    private fromUnion(members: TypeNode[], node: TypeNode): CType {
        const nonNull = members.filter(m => m.getText() !== 'null' && m.getText() !== 'undefined');
        const hasNull = members.some(m => m.getText() === 'null');
        if (nonNull.length !== 1 || !hasNull || members.length !== 2) {
            throw new TypeError_(node, "unions are not in the dialect, except 'T | null' for pointer types");
        }
        const inner = this.fromTypeNode(nonNull[0], node);
        switch (inner.k) {
            case 'opaque': case 'record': case 'closure': case 'fnptr': case 'kstruct':
                return { ...inner, nullable: true };
        }
        throw new TypeError_(node, `'${nonNull[0]!.getText()} | null': only pointer types can be null`);
    }

    /** The C type a declaration of a type (alias, interface, enum) names, at reference `ref`. */
    fromDeclaration(decl: Node | undefined, ref: Node, typeArgs: TypeNode[]): CType {
        if (!decl) throw new TypeError_(ref, `cannot resolve type '${ref.getText()}'`);
        if (Node.isTypeAliasDeclaration(decl)) return this.fromAlias(decl, ref, typeArgs);
        if (Node.isInterfaceDeclaration(decl)) return this.fromInterface(decl, ref);
        if (Node.isEnumDeclaration(decl)) return this.fromEnum(decl, ref);
        if (Node.isTypeParameterDeclaration(decl)) throw new TypeError_(ref, 'generic types are not in the dialect');
        throw new TypeError_(ref, `type '${ref.getText()}' is not in the dialect`);
    }

    private fromAlias(decl: TypeAliasDeclaration, ref: Node, typeArgs: TypeNode[]): CType {
        const tags = tagsOf(decl);
        const c = tags.get('c');
        if (tags.has('int')) {
            const [sign, bits] = (tags.get('int') ?? '').split(/\s+/);
            return { k: 'int', c: c ?? decl.getName(), signed: sign === 'signed', bits: Number(bits), fmt: tags.get('fmt') };
        }
        if (tags.has('bool')) return { k: 'bool', c: c ?? decl.getName(), fmt: tags.get('fmt') };
        if (tags.has('void')) return { k: 'void', c: c ?? 'void' };
        if (tags.has('format')) return { k: 'format' };
        if (tags.has('literal')) {
            return {
                k: 'string', c: c ?? decl.getName(), literal: tags.get('literal')!, staticLiteral: tags.get('static'),
                fmt: tags.get('fmt'), name: decl.getName(), bytes: tags.has('bytes'),
            };
        }
        const typeNode = decl.getTypeNode();
        if (tags.has('closure')) {
            if (!typeNode || !Node.isFunctionTypeNode(typeNode)) throw new TypeError_(decl, '@closure needs a function type');
            return { k: 'closure', c: tags.get('closure')!, sig: typeNode, nullable: false, name: decl.getName() };
        }
        if (tags.has('fnptr')) {
            if (!typeNode || !Node.isFunctionTypeNode(typeNode)) throw new TypeError_(decl, '@fnptr needs a function type');
            return { k: 'fnptr', sig: typeNode, name: decl.getName(), nullable: false };
        }
        if (tags.get('intrinsic') === 'fixed') {
            const [elem, length] = typeArgs;
            if (!elem || !length || !Node.isLiteralTypeNode(length)) {
                throw new TypeError_(ref, 'Fixed<T, N> needs an element type and a literal length');
            }
            return { k: 'fixed', elem: this.fromTypeNode(elem, ref), length: length.getText() };
        }
        if (!isBinding(decl) && typeNode) {
            // A plain alias in a dialect module: the same type under another name.
            return this.fromTypeNode(typeNode, ref);
        }
        throw new TypeError_(ref, `binding type '${decl.getName()}' has no tag saying what C type it is`);
    }

    fromInterface(decl: InterfaceDeclaration, at: Node): CType {
        const tags = tagsOf(decl);
        if (isBinding(decl)) {
            const struct = tags.get('struct');
            if (struct) {
                return { k: 'kstruct', c: tags.get('c') ?? `struct ${struct} *`, struct: `struct ${struct}`, decl, nullable: false };
            }
            const c = tags.get('c');
            if (!c) throw new TypeError_(at, `binding interface '${decl.getName()}' has no @c tag`);
            // @index: the pointer can be indexed like a C array of the index signature's type (`u8 *`).
            const index = tags.has('index') && decl.getTypeParameters().length === 0
                ? decl.getIndexSignatures()[0]?.getReturnTypeNode() : undefined;
            return { k: 'opaque', c, fmt: tags.get('fmt'), nullable: false, name: decl.getName(), index, anyPointer: tags.has('anyptr') };
        }
        const name = snakeCase(decl.getName());
        return { k: 'record', c: name, struct: `struct ${name}`, decl, nullable: false };
    }

    fromEnum(decl: EnumDeclaration, at: Node): CType {
        if (!decl.isConstEnum()) throw new TypeError_(at, "only 'const enum' is in the dialect");
        const c = isBinding(decl) ? tagsOf(decl).get('c') : `enum ${snakeCase(decl.getName())}`;
        if (!c) throw new TypeError_(at, `binding enum '${decl.getName()}' has no @c tag`);
        return { k: 'enum', c, decl };
    }
}

export function isPointer(t: CType): boolean {
    return t.k === 'opaque' || t.k === 'record' || t.k === 'closure' || t.k === 'fnptr' || t.k === 'kstruct' || t.k === 'null' || t.k === 'never';
}

export function isInteger(t: CType): t is IntType | { k: 'literal-int' } | Extract<CType, { k: 'enum' }> {
    return t.k === 'int' || t.k === 'literal-int' || t.k === 'enum';
}

/** How a type is named in a message. */
export function describe(t: CType): string {
    switch (t.k) {
        case 'int': case 'bool': case 'void': case 'opaque': case 'record': case 'enum': return t.c;
        case 'kstruct': return t.struct;
        case 'string': return t.name;
        case 'closure': return t.c;
        case 'fnptr': return t.name;
        case 'fixed': return `${describe(t.elem)}[${t.length}]`;
        case 'table': return `a table of ${describe(t.elem)}`;
        default: return t.k;
    }
}
