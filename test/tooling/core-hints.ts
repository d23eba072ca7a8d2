/**
 * Every hint the core can put on an error, read from its source: the texts after `hint:` (with the `kind:`
 * next to them when there is one), the default hint of each kind (DEFAULT_HINTS), and the second argument
 * of invalidInput(), and what to check after a lost answer (`whatToCheck:`, the hint of outcome_unknown). Texts built at run time keep their fixed parts; `${...}` becomes "…".
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';

export interface CoreHint {
  /** undefined when the source does not say (a hint given to rewordError): the text may come with any kind. */
  kind?: string;
  text: string;
  where: string;
}

const coreSrc = join(__dirname, '..', '..', 'packages', 'core', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The texts an expression can evaluate to, as far as the source shows them. */
function texts(node: ts.Expression, consts: Map<string, ts.Expression>, depth = 0): string[] {
  if (depth > 5) return [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text + node.templateSpans.map((s) => `…${s.literal.text}`).join('')];
  if (ts.isParenthesizedExpression(node)) return texts(node.expression, consts, depth + 1);
  if (ts.isConditionalExpression(node)) return [...texts(node.whenTrue, consts, depth + 1), ...texts(node.whenFalse, consts, depth + 1)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    return [...texts(node.left, consts, depth + 1), ...texts(node.right, consts, depth + 1)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = texts(node.left, consts, depth + 1);
    const right = texts(node.right, consts, depth + 1);
    return left.flatMap((l) => (right.length ? right.map((r) => l + r) : [l]));
  }
  if (ts.isIdentifier(node)) {
    const value = consts.get(node.text);
    return value ? texts(value, consts, depth + 1) : [];
  }
  return [];
}

function stringProperty(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

export function coreHints({ nodeEntry }: { nodeEntry: boolean }): CoreHint[] {
  const found: CoreHint[] = [];
  for (const file of tsFiles(coreSrc)) {
    const rel = relative(coreSrc, file);
    if (!nodeEntry && rel.startsWith('node')) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const consts = new Map<string, ts.Expression>();
    const collectConsts = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) consts.set(node.name.text, node.initializer);
      ts.forEachChild(node, collectConsts);
    };
    collectConsts(source);
    const add = (kind: string | undefined, expr: ts.Expression, node: ts.Node) => {
      const where = `${rel}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      for (const text of texts(expr, consts)) found.push(kind === undefined ? { text, where } : { kind, text, where });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        const hint = stringProperty(node, 'hint');
        const kind = stringProperty(node, 'kind');
        if (hint) add(kind && ts.isStringLiteral(kind) ? kind.text : undefined, hint, node);
        // What to check after a lost answer: the hint of an outcome_unknown error (policy/replay.ts).
        const whatToCheck = stringProperty(node, 'whatToCheck');
        if (whatToCheck) add('outcome_unknown', whatToCheck, node);
      }
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'DEFAULT_HINTS') {
        const init = node.initializer;
        if (init && ts.isObjectLiteralExpression(init)) {
          for (const p of init.properties) if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) add(p.name.text, p.initializer, p);
        }
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'invalidInput') {
        const hint = node.arguments[1];
        if (hint) add('invalid_input', hint, node);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
