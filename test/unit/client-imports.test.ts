import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

/**
 * Classic zod cannot be tree-shaken (~110 KB in the H5 build); zod/mini can. Pages check forms with the
 * zod/mini schemas of `cloudfunctions/core/<area>/<area>.form-schema.ts`, so no module the client runs may
 * import classic `zod`, directly or through a module it imports (a `.schema.ts`, say). `import type` is
 * erased and does not count.
 */

const ROOT = resolve(__dirname, '../..')
const SRC = join(ROOT, 'src')
const ALLOWED_ZOD = new Set(['zod/mini', 'zod/v4/mini'])
const isClassicZod = (specifier: string) => (specifier === 'zod' || specifier.startsWith('zod/')) && !ALLOWED_ZOD.has(specifier)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** Module specifiers a file imports at run time: type-only imports and re-exports are left out. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const specifiers: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)))
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly))
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) specifiers.push(node.arguments[0].text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specifiers
}

/** The project file a specifier names, or null for a package (or a stylesheet, an image). */
function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith('@/') ? join(SRC, specifier.slice(2)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : null
  if (!base) return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

/** For each file, the chain of run-time imports by which it reaches classic zod (null when it does not). */
function classicZodChains(entries: string[]) {
  const memo = new Map<string, string[] | null>()
  const reached = new Set<string>()
  const chainFrom = (file: string, visiting: Set<string>): string[] | null => {
    if (memo.has(file)) return memo.get(file)!
    if (visiting.has(file)) return null
    visiting.add(file)
    reached.add(file)
    let chain: string[] | null = null
    for (const specifier of runtimeImports(file)) {
      if (isClassicZod(specifier)) {
        chain = [specifier]
        break
      }
      const target = resolveLocal(file, specifier)
      const rest = target ? chainFrom(target, visiting) : null
      if (rest) {
        chain = [relative(ROOT, target!), ...rest]
        break
      }
    }
    visiting.delete(file)
    memo.set(file, chain)
    return chain
  }
  const offenders = entries.flatMap((file) => {
    const chain = chainFrom(file, new Set())
    return chain ? [[relative(ROOT, file), ...chain].join(' → ')] : []
  })
  return { offenders, reached: [...reached].map((file) => relative(ROOT, file)) }
}

describe('what the client imports at run time', () => {
  const { offenders, reached } = classicZodChains(sourceFiles(SRC))

  test('when every module under src/ is followed through its run-time imports, then none reaches classic zod', () => {
    expect(offenders).toEqual([])
  })

  test('when the forms are followed, then they reach the zod/mini form schemas (the walk does see into cloudfunctions/core)', () => {
    for (const area of ['activity/activity', 'org/org', 'user/user', 'venture/project', 'wish/wish']) {
      expect(reached).toContain(`cloudfunctions/core/${area}.form-schema.ts`)
    }
  })

  test('when a classic schema module is the entry, then the walk reports its way to zod (the check can fail)', () => {
    const { offenders: classic } = classicZodChains([join(ROOT, 'cloudfunctions/core/wish/wish.schema.ts')])

    expect(classic).toEqual(['cloudfunctions/core/wish/wish.schema.ts → zod'])
  })
})
