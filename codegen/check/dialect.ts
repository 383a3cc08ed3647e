// The dialect's syntactic rules: every construct outside the dialect gets a located error here,
// before any C is produced. Rules that need types (captures, what a call lowers to, string
// operations) are enforced where the C is lowered, with the same kind of located error.
import { Node, SourceFile, SyntaxKind } from 'ts-morph';
import { Diagnostics } from '../diagnostics.js';

/** Constructs rejected wherever they appear, with the reason the reference gives. */
const REJECTED: Partial<Record<SyntaxKind, string>> = {
    [SyntaxKind.ClassDeclaration]: 'classes are not in the dialect: use an interface (a C struct) and functions',
    [SyntaxKind.ClassExpression]: 'classes are not in the dialect: use an interface (a C struct) and functions',
    [SyntaxKind.TryStatement]: 'try/catch is not in the dialect: C has no exceptions; return a status or a boolean',
    [SyntaxKind.ThrowStatement]: 'throw is not in the dialect: C has no exceptions; return a status or a boolean',
    [SyntaxKind.AwaitExpression]: 'await is not in the dialect: asynchronous work continues in a closure',
    [SyntaxKind.YieldExpression]: 'generators are not in the dialect',
    [SyntaxKind.AnyKeyword]: "'any' is not allowed in the dialect: every value has a C type",
    [SyntaxKind.UnknownKeyword]: "'unknown' is not allowed in the dialect: every value has a C type",
    [SyntaxKind.ForInStatement]: 'for...in is not in the dialect: there is no dynamic property enumeration in C',
    [SyntaxKind.ForOfStatement]: 'for...of is not in the dialect: write a counted for loop',
    [SyntaxKind.ObjectLiteralExpression]: 'object literals are not in the dialect: allocate a record from a heap and set its fields (a constant table may list records)',
    [SyntaxKind.ArrayLiteralExpression]: 'array literals are not in the dialect, except as a constant table: `const T: readonly E[] = [...]` at module level',
    [SyntaxKind.SpreadElement]: 'spread is not in the dialect',
    [SyntaxKind.ObjectBindingPattern]: 'destructuring is not in the dialect',
    [SyntaxKind.ArrayBindingPattern]: 'destructuring is not in the dialect',
    [SyntaxKind.ThisKeyword]: "'this' is not in the dialect: pass the record explicitly",
    [SyntaxKind.SuperKeyword]: "'super' is not in the dialect",
    [SyntaxKind.NewExpression]: "'new' is not in the dialect: allocate from an explicit heap",
    [SyntaxKind.RegularExpressionLiteral]: 'regular expressions are not in the dialect',
    [SyntaxKind.LabeledStatement]: 'labeled statements are not in the dialect',
    [SyntaxKind.WithStatement]: "'with' is not in the dialect",
    [SyntaxKind.DebuggerStatement]: "'debugger' is not in the dialect",
    [SyntaxKind.FunctionExpression]: 'function expressions are not in the dialect: declare a function, or use an arrow inside closure()/embedded()/stackClosure()',
    [SyntaxKind.ModuleDeclaration]: 'namespaces are not in the dialect: one module per file',
    [SyntaxKind.Decorator]: 'decorators are not in the dialect',
    [SyntaxKind.GetAccessor]: 'accessors are not in the dialect',
    [SyntaxKind.SetAccessor]: 'accessors are not in the dialect',
    [SyntaxKind.TypeOfExpression]: "'typeof' is not in the dialect: types are static",
    [SyntaxKind.DeleteExpression]: "'delete' is not in the dialect: records have fixed fields",
    [SyntaxKind.VoidExpression]: "'void' expressions are not in the dialect",
    [SyntaxKind.TaggedTemplateExpression]: 'tagged templates are not in the dialect',
    [SyntaxKind.ExportAssignment]: "'export =' and 'export default' are not in the dialect: export named declarations",
    [SyntaxKind.NamespaceImport]: "namespace imports are not in the dialect: import names with import { ... }",
    [SyntaxKind.ObjectKeyword]: "'object' is not a C type",
    [SyntaxKind.SymbolKeyword]: "'symbol' is not in the dialect",
    [SyntaxKind.UndefinedKeyword]: "'undefined' is not in the dialect: use null for an absent pointer",
    [SyntaxKind.TypeLiteral]: 'anonymous object types are not in the dialect: declare an interface',
    [SyntaxKind.TupleType]: 'tuples are not in the dialect',

    [SyntaxKind.MethodSignature]: 'methods are not in the dialect: records hold data; write functions that take the record',
    [SyntaxKind.MethodDeclaration]: 'methods are not in the dialect',
    [SyntaxKind.ConditionalType]: 'conditional types are not in the dialect',
    [SyntaxKind.MappedType]: 'mapped types are not in the dialect',
    [SyntaxKind.IntersectionType]: 'intersection types are not in the dialect',
    [SyntaxKind.BigIntKeyword]: "'bigint' is not a C type: use u64 or s64 (bigint literals are allowed for 64-bit values)",
};

const REJECTED_OPERATORS: Partial<Record<SyntaxKind, string>> = {
    [SyntaxKind.EqualsEqualsToken]: "'==' converts types: use '==='",
    [SyntaxKind.ExclamationEqualsToken]: "'!=' converts types: use '!=='",
    [SyntaxKind.AsteriskAsteriskToken]: "'**' is not in the dialect: C has no power operator",
    [SyntaxKind.AsteriskAsteriskEqualsToken]: "'**=' is not in the dialect",
    [SyntaxKind.InKeyword]: "'in' is not in the dialect: there is no dynamic property lookup in C",
    [SyntaxKind.InstanceOfKeyword]: "'instanceof' is not in the dialect: there are no classes",
    [SyntaxKind.CommaToken]: 'the comma operator is not in the dialect',
    [SyntaxKind.QuestionQuestionToken]: "'??' is not in the dialect: compare with null",
    [SyntaxKind.QuestionQuestionEqualsToken]: "'??=' is not in the dialect",
    [SyntaxKind.BarBarEqualsToken]: "'||=' is not in the dialect",
    [SyntaxKind.AmpersandAmpersandEqualsToken]: "'&&=' is not in the dialect",
};

export function checkDialect(file: SourceFile, diags: Diagnostics): void {
    file.forEachDescendant(node => {
        const kind = node.getKind();
        const reason = REJECTED[kind];
        if (reason && !isTableRow(node)) {
            const extendsClause = Node.isClassDeclaration(node) && node.getExtends();
            diags.error(node, extendsClause ? 'class inheritance is not in the dialect: use records and functions' : reason);
            return;
        }
        checkNode(node, diags);
    });
    for (const statement of file.getStatements()) checkTopLevel(statement, diags);
}

function checkNode(node: Node, diags: Diagnostics): void {
    if (Node.isBinaryExpression(node)) {
        const reason = REJECTED_OPERATORS[node.getOperatorToken().getKind()];
        if (reason) diags.error(node.getOperatorToken(), reason);
    } else if (Node.isVariableDeclarationList(node)) {
        if (node.getDeclarationKind() === 'var') diags.error(node, "'var' is not in the dialect: use let or const");
    } else if (Node.isNumericLiteral(node)) {
        if (/[.eE]/.test(node.getText()) && !/^0[xX]/.test(node.getText())) {
            diags.error(node, 'floating point is not in the dialect: the kernel has no FPU state for klibs');
        }
    } else if (Node.isFunctionDeclaration(node) || Node.isArrowFunction(node)) {
        if (node.isAsync()) diags.error(node, 'async functions are not in the dialect: asynchronous work continues in a closure');
        if (Node.isFunctionDeclaration(node) && node.isGenerator()) diags.error(node, 'generators are not in the dialect');
        if (Node.isFunctionDeclaration(node) && node.getParent() !== node.getSourceFile() && node.hasBody()) {
            diags.error(node, 'nested functions are not in the dialect: declare functions at module level, or use a closure');
        }
        for (const p of node.getParameters()) {
            if (p.isRestParameter()) diags.error(p, 'rest parameters are not in the dialect');
            else if (p.hasInitializer()) diags.error(p, 'default parameter values are not in the dialect');
            else if (p.isOptional()) diags.error(p, 'optional parameters are not in the dialect: C functions take every argument');
        }
    } else if (Node.isCallExpression(node)) {
        const callee = node.getExpression();
        if (Node.isIdentifier(callee) && callee.getText() === 'eval') diags.error(node, "'eval' is not in the dialect: there is no interpreter in the kernel");
        if (callee.getKind() === SyntaxKind.ImportKeyword) diags.error(node, 'dynamic import is not in the dialect: klibs are linked statically');
        if (node.hasQuestionDotToken()) diags.error(node, "optional calls ('?.') are not in the dialect");
    } else if (Node.isPropertyAccessExpression(node)) {
        if (node.hasQuestionDotToken()) diags.error(node, "optional chaining ('?.') is not in the dialect: compare with null");
    } else if (Node.isElementAccessExpression(node)) {
        const arg = node.getArgumentExpression();
        if (arg && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg))) {
            diags.error(node, "dynamic property access is not in the dialect: write 'a.b'");
        }
    } else if (Node.isIndexSignatureDeclaration(node)) {
        if (!node.getSourceFile().isDeclarationFile()) diags.error(node, 'index signatures are not in the dialect: use Fixed<T, N>');
    } else if (Node.isPropertySignature(node)) {
        if (node.hasQuestionToken()) diags.error(node, 'optional fields are not in the dialect: a C struct has every field; use T | null for pointers');
    } else if (Node.isInterfaceDeclaration(node)) {
        if (node.getExtends().length > 0 && !node.getSourceFile().isDeclarationFile()) {
            diags.error(node.getExtends()[0]!, 'interface inheritance is not in the dialect: embed the other record as a field');
        }
        if (node.getTypeParameters().length > 0) diags.error(node, 'generic records are not in the dialect');
    } else if (Node.isEnumDeclaration(node)) {
        if (!node.isConstEnum()) diags.error(node, "only 'const enum' is in the dialect: write 'const enum'");
        for (const m of node.getMembers()) {
            const init = m.getInitializer();
            if (init && !Node.isNumericLiteral(init) && !Node.isPrefixUnaryExpression(init)) {
                diags.error(init, 'enum members are integers: give a number literal');
            }
        }
    } else if (Node.isIdentifier(node)) {
        if (node.getText() === 'undefined' && !Node.isTypeNode(node.getParent())) {
            diags.error(node, "'undefined' is not in the dialect: use null for an absent pointer");
        } else if (node.getText() === 'arguments' && !isMemberName(node)) {
            diags.error(node, "'arguments' is not in the dialect: C functions take named parameters; name each one");
        }
    } else if (Node.isFunctionTypeNode(node) && !Node.isTypeAliasDeclaration(node.getParent())) {
        // Function types are only meaningful as named closure or function-pointer types.
        if (!node.getSourceFile().isDeclarationFile()) {
            diags.error(node, 'an inline function type has no C name: use a closure type declared in the bindings');
        }
    }
}

function checkTopLevel(statement: Node, diags: Diagnostics): void {
    if (Node.isImportDeclaration(statement) || Node.isFunctionDeclaration(statement) ||
        Node.isInterfaceDeclaration(statement) || Node.isEnumDeclaration(statement) ||
        Node.isTypeAliasDeclaration(statement) || Node.isVariableStatement(statement) ||
        Node.isExportDeclaration(statement) || Node.isClassDeclaration(statement) ||
        Node.isModuleDeclaration(statement) || Node.isExportAssignment(statement) ||
        statement.getKind() === SyntaxKind.EmptyStatement) {
        if (Node.isVariableStatement(statement)) {
            for (const d of statement.getDeclarations()) {
                if (statement.getDeclarationKind() === 'let' && statement.isExported()) {
                    diags.error(d, "module state is private to its module: export functions that read or change it");
                }
            }
        }
        if (Node.isExportDeclaration(statement) && !statement.getModuleSpecifier()) {
            diags.error(statement, "export the declaration itself ('export function ...')");
        }
        return;
    }
    diags.error(statement, 'statements at module level are not in the dialect: put them in a function (init runs first)');
}

/** `x.name`: the identifier after the dot names a member, not a variable. */
function isMemberName(id: Node): boolean {
    const parent = id.getParent();
    return !!parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id;
}

/**
 * A constant table's literal: `const T: readonly E[] = [...]` at module level, and the object
 * literals that are its rows.
 */
function isTableRow(node: Node): boolean {
    if (Node.isObjectLiteralExpression(node)) {
        const list = node.getParent();
        return !!list && Node.isArrayLiteralExpression(list) && isTableRow(list);
    }
    if (!Node.isArrayLiteralExpression(node)) return false;
    const decl = node.getParent();
    if (!decl || !Node.isVariableDeclaration(decl) || decl.getInitializer() !== node) return false;
    const type = decl.getTypeNode();
    return !!type && Node.isTypeOperatorTypeNode(type) && type.getOperator() === SyntaxKind.ReadonlyKeyword &&
        Node.isArrayTypeNode(type.getTypeNode()) && decl.getVariableStatement()?.getParent() === decl.getSourceFile();
}
