// The dialect's syntactic rules: every construct outside the dialect gets a located error here,
// before any C is produced. Rules that need types (captures, what a call lowers to, string
// operations) are enforced where the C is lowered, with the same kind of located error.
import { SourceFile, SyntaxKind, ts } from 'ts-morph';
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
    // TypeScript's own nodes, walked without ts-morph's wrappers (wrapping every node of every
    // module costs more than all the checks).
    const sf = file.compilerNode;
    const error = (node: ts.Node, message: string) => diags.errorAt(file, node.getStart(sf), message);
    const visit = (node: ts.Node): void => {
        const reason = REJECTED[node.kind as SyntaxKind];
        if (reason && !isTableRow(node)) {
            const extendsClause = ts.isClassDeclaration(node) &&
                node.heritageClauses?.some(h => h.token === ts.SyntaxKind.ExtendsKeyword);
            error(node, extendsClause ? 'class inheritance is not in the dialect: use records and functions' : reason);
        } else {
            checkNode(node, sf, error);
        }
        ts.forEachChild(node, visit);
    };
    ts.forEachChild(sf, visit);
    for (const statement of sf.statements) checkTopLevel(statement, error);
}

type Report = (node: ts.Node, message: string) => void;

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
    return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some(m => m.kind === kind);
}

function checkNode(node: ts.Node, sf: ts.SourceFile, error: Report): void {
    if (ts.isBinaryExpression(node)) {
        const reason = REJECTED_OPERATORS[node.operatorToken.kind as SyntaxKind];
        if (reason) error(node.operatorToken, reason);
    } else if (ts.isVariableDeclarationList(node)) {
        if ((node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) error(node, "'var' is not in the dialect: use let or const");
    } else if (ts.isNumericLiteral(node)) {
        const text = node.getText(sf);
        if (/[.eE]/.test(text) && !/^0[xX]/.test(text)) {
            error(node, 'floating point is not in the dialect: the kernel has no FPU state for klibs');
        }
    } else if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node)) {
        if (hasModifier(node, ts.SyntaxKind.AsyncKeyword)) error(node, 'async functions are not in the dialect: asynchronous work continues in a closure');
        if (ts.isFunctionDeclaration(node) && node.asteriskToken) error(node, 'generators are not in the dialect');
        if (ts.isFunctionDeclaration(node) && node.parent !== sf && node.body) {
            error(node, 'nested functions are not in the dialect: declare functions at module level, or use a closure');
        }
        for (const p of node.parameters) {
            if (p.dotDotDotToken) error(p, 'rest parameters are not in the dialect');
            else if (p.initializer) error(p, 'default parameter values are not in the dialect');
            else if (p.questionToken) error(p, 'optional parameters are not in the dialect: C functions take every argument');
        }
    } else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (ts.isIdentifier(callee) && callee.text === 'eval') error(node, "'eval' is not in the dialect: there is no interpreter in the kernel");
        if (callee.kind === ts.SyntaxKind.ImportKeyword) error(node, 'dynamic import is not in the dialect: klibs are linked statically');
        if (node.questionDotToken) error(node, "optional calls ('?.') are not in the dialect");
    } else if (ts.isPropertyAccessExpression(node)) {
        if (node.questionDotToken) error(node, "optional chaining ('?.') is not in the dialect: compare with null");
    } else if (ts.isElementAccessExpression(node)) {
        const arg = node.argumentExpression;
        if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) {
            error(node, "dynamic property access is not in the dialect: write 'a.b'");
        }
    } else if (ts.isIndexSignatureDeclaration(node)) {
        if (!sf.isDeclarationFile) error(node, 'index signatures are not in the dialect: use Fixed<T, N>');
    } else if (ts.isPropertySignature(node)) {
        if (node.questionToken) error(node, 'optional fields are not in the dialect: a C struct has every field; use T | null for pointers');
    } else if (ts.isInterfaceDeclaration(node)) {
        const extendsClause = node.heritageClauses?.find(h => h.token === ts.SyntaxKind.ExtendsKeyword);
        if (extendsClause && extendsClause.types.length > 0 && !sf.isDeclarationFile) {
            error(extendsClause.types[0]!, 'interface inheritance is not in the dialect: embed the other record as a field');
        }
        if (node.typeParameters && node.typeParameters.length > 0) error(node, 'generic records are not in the dialect');
    } else if (ts.isEnumDeclaration(node)) {
        if (!hasModifier(node, ts.SyntaxKind.ConstKeyword)) error(node, "only 'const enum' is in the dialect: write 'const enum'");
        for (const m of node.members) {
            const init = m.initializer;
            if (init && !ts.isNumericLiteral(init) && !ts.isPrefixUnaryExpression(init)) {
                error(init, 'enum members are integers: give a number literal');
            }
        }
    } else if (ts.isIdentifier(node)) {
        if (node.text === 'undefined' && !ts.isTypeNode(node.parent)) {
            error(node, "'undefined' is not in the dialect: use null for an absent pointer");
        } else if (node.text === 'arguments' && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
            error(node, "'arguments' is not in the dialect: C functions take named parameters; name each one");
        }
    } else if (ts.isFunctionTypeNode(node) && !ts.isTypeAliasDeclaration(node.parent)) {
        // Function types are only meaningful as named closure or function-pointer types.
        if (!sf.isDeclarationFile) error(node, 'an inline function type has no C name: use a closure type declared in the bindings');
    }
}

function checkTopLevel(statement: ts.Statement, error: Report): void {
    if (ts.isImportDeclaration(statement) || ts.isFunctionDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) || ts.isVariableStatement(statement) ||
        ts.isExportDeclaration(statement) || ts.isClassDeclaration(statement) ||
        ts.isModuleDeclaration(statement) || ts.isExportAssignment(statement) ||
        statement.kind === ts.SyntaxKind.EmptyStatement) {
        if (ts.isVariableStatement(statement) && (statement.declarationList.flags & ts.NodeFlags.Let) !== 0 &&
            hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
            for (const d of statement.declarationList.declarations) {
                error(d, "module state is private to its module: export functions that read or change it");
            }
        }
        if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier) {
            error(statement, "export the declaration itself ('export function ...')");
        }
        return;
    }
    error(statement, 'statements at module level are not in the dialect: put them in a function (init runs first)');
}

/**
 * A constant table's literal: `const T: readonly E[] = [...]` at module level, and the object
 * literals that are its rows.
 */
function isTableRow(node: ts.Node): boolean {
    if (ts.isObjectLiteralExpression(node)) return ts.isArrayLiteralExpression(node.parent) && isTableRow(node.parent);
    if (!ts.isArrayLiteralExpression(node)) return false;
    const decl = node.parent;
    if (!ts.isVariableDeclaration(decl) || decl.initializer !== node) return false;
    const type = decl.type;
    const statement = decl.parent.parent;
    return !!type && ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword &&
        ts.isArrayTypeNode(type.type) && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}
