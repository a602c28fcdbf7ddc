import { idKey, isPlainObject } from './ejson'
import { scalarKey, TYPE, typeEnd, typeStart, type IndexState } from './indexes'
import type { Criteria } from './query'

/**
 * Query planning: which declared index answers a query, the SQL terms on its key columns, the
 * order it returns rows in, and the residual filter mingo still has to evaluate.
 *
 * A filter is a conjunction (top-level fields and `$and`). Each field condition on an index column
 * becomes *atoms*: an IN list of keys (equality, `$in`) or a key range (`$gt`…`$lte`, bracketed to
 * the value's type, as mingo and MongoDB compare only within a type). A `$or` whose every branch
 * constrains a field gives that field the hull of the branches (keyset pagination's cursor is one).
 * SQL applies the atoms; on a regular index (scalars only, see indexes.ts) a field condition made
 * only of atoms is then exact and leaves the residual. On an irregular (multikey) index one atom
 * per column is used, as a superset, and mingo re-checks the whole filter.
 */
type Range = { kind: 'range'; lower: Buffer; lowerOpen: boolean; upper: Buffer; upperOpen: boolean }
type Atom = { kind: 'in'; keys: Buffer[] } | Range

interface Conjunct {
  criteria: Criteria
  /** the field of a field condition */
  field?: string
  atoms: Atom[]
  /** every part of the condition is in `atoms` */
  complete: boolean
  /** for a `$or`: a superset condition per field every branch constrains */
  hulls?: Map<string, Atom>
}

export type Order = [field: string, direction: 1 | -1][]

export interface Plan {
  /** the index read, or null: the whole collection in insertion order */
  index: IndexState | null
  /** SQL terms on the index table (alias `ix`), with their parameters */
  where: string
  params: Buffer[]
  /** documents named by `_id` (equality or `$in`): point lookups instead of any index */
  ids: string[] | null
  /** what mingo evaluates on the rows SQL returns; null when SQL answered the whole filter */
  residual: Criteria | null
  /** the leading sort keys the index returns rows in (its key columns, `ix.k<i>`); 0: none */
  covered: number
  orderSql: string
  sortColumns: string[]
}

export function conjunctsOf(criteria: Criteria): Criteria[] {
  const out: Criteria[] = []
  for (const [key, value] of Object.entries(criteria)) {
    if (key === '$and' && Array.isArray(value) && value.every(isPlainObject)) for (const part of value) out.push(...conjunctsOf(part as Criteria))
    else out.push({ [key]: value })
  }
  return out
}

function fieldAtoms(value: unknown): { atoms: Atom[]; complete: boolean } {
  if (isPlainObject(value)) {
    const ops = Object.keys(value)
    if (!ops.length || !ops.every((op) => op.startsWith('$'))) return { atoms: [], complete: false }
    const atoms: Atom[] = []
    let complete = true
    for (const op of ops) {
      const atom = opAtom(op, value[op])
      if (atom) atoms.push(atom)
      else complete = false
    }
    return { atoms, complete }
  }
  const key = scalarKey(value)
  return key ? { atoms: [{ kind: 'in', keys: [key.key] }], complete: true } : { atoms: [], complete: false }
}

function opAtom(op: string, operand: unknown): Atom | null {
  if (op === '$eq') {
    const key = scalarKey(operand)
    return key && { kind: 'in', keys: [key.key] }
  }
  if (op === '$in') {
    if (!Array.isArray(operand)) return null
    const keys = operand.map(scalarKey)
    if (keys.some((key) => key === null)) return null
    const distinct = new Map(keys.map((key) => [key!.key.toString('hex'), key!.key]))
    return { kind: 'in', keys: [...distinct.values()] }
  }
  if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') {
    const key = scalarKey(operand)
    if (!key || key.type === TYPE.null) return null
    if (op === '$gt' || op === '$gte') return { kind: 'range', lower: key.key, lowerOpen: op === '$gt', upper: typeEnd(key.type), upperOpen: true }
    return { kind: 'range', lower: typeStart(key.type), lowerOpen: false, upper: key.key, upperOpen: op === '$lt' }
  }
  return null
}

function analyse(criteria: Criteria): Conjunct {
  const [key, value] = Object.entries(criteria)[0] ?? ['', undefined]
  if (key === '$or' && Array.isArray(value) && value.length && value.every(isPlainObject)) return { criteria, atoms: [], complete: false, hulls: orHulls(value as Criteria[]) }
  if (key.startsWith('$')) return { criteria, atoms: [], complete: false }
  return { criteria, field: key, ...fieldAtoms(value) }
}

/** For each field every branch constrains: an atom all of the branches' matches satisfy. */
function orHulls(branches: Criteria[]): Map<string, Atom> {
  const perBranch = branches.map((branch) => {
    const atoms = new Map<string, Atom>()
    for (const conjunct of conjunctsOf(branch).map(analyse)) {
      if (!conjunct.field || !conjunct.atoms.length || atoms.has(conjunct.field)) continue
      atoms.set(conjunct.field, conjunct.atoms.find((atom) => atom.kind === 'in') ?? conjunct.atoms[0])
    }
    return atoms
  })
  const hulls = new Map<string, Atom>()
  for (const field of perBranch[0].keys()) {
    const atoms = perBranch.map((atoms) => atoms.get(field))
    if (atoms.some((atom) => !atom || (atom.kind === 'in' && !atom.keys.length))) continue
    const all = atoms as Atom[]
    if (all.every((atom) => atom.kind === 'in')) {
      const keys = new Map(all.flatMap((atom) => (atom.kind === 'in' ? atom.keys : [])).map((key) => [key.toString('hex'), key]))
      hulls.set(field, { kind: 'in', keys: [...keys.values()] })
      continue
    }
    const ranges: Range[] = all.map((atom) => (atom.kind === 'range' ? atom : inRange(atom.keys)))
    let hull: Range = { ...ranges[0] }
    for (const range of ranges.slice(1)) {
      const low = Buffer.compare(range.lower, hull.lower)
      if (low < 0 || (low === 0 && !range.lowerOpen)) hull = { ...hull, lower: range.lower, lowerOpen: range.lowerOpen }
      const high = Buffer.compare(range.upper, hull.upper)
      if (high > 0 || (high === 0 && !range.upperOpen)) hull = { ...hull, upper: range.upper, upperOpen: range.upperOpen }
    }
    hulls.set(field, hull)
  }
  return hulls
}

function inRange(keys: Buffer[]): Range {
  const sorted = [...keys].sort(Buffer.compare)
  return { kind: 'range', lower: sorted[0], lowerOpen: false, upper: sorted[sorted.length - 1], upperOpen: false }
}

/**
 * The column holds one value in every row: an equality. Not null, whose key also stands for a missing
 * field (mingo sorts missing before null, so a null "constant" is two values for sorting).
 */
const isConstant = (atoms: Atom[]) => atoms.some((atom) => atom.kind === 'in' && atom.keys.length === 1 && atom.keys[0][0] !== TYPE.null)

interface Candidate {
  index: IndexState
  /** atoms used, per column */
  columns: Atom[][]
  prefix: number
  covered: number
  flip: boolean
}

function evaluate(index: IndexState, conjuncts: Conjunct[], order: Order): Candidate {
  const columns = index.fields.map((field) => {
    const atoms = conjuncts.flatMap((c) => (c.field === field ? c.atoms : c.hulls?.has(field) ? [c.hulls.get(field)!] : []))
    if (index.regular || atoms.length <= 1) return atoms
    return [atoms.find((atom) => atom.kind === 'in') ?? atoms[0]]
  })
  let prefix = 0
  for (const atoms of columns) {
    if (atoms.some((atom) => atom.kind === 'in')) prefix += 1
    else {
      if (atoms.length) prefix += 0.5
      break
    }
  }
  const constant = (i: number) => isConstant(columns[i])
  let covered = 0
  let flip: boolean | null = null
  if (index.regular) {
    let column = 0
    while (covered < order.length) {
      const [field, direction] = order[covered]
      if (index.fields.some((f, i) => f === field && constant(i))) covered += 1 // sorting on a constant
      else if (column < index.fields.length && constant(column)) column += 1
      else if (column < index.fields.length && field === index.fields[column]) {
        const reversed = direction !== index.directions[column]
        if (flip !== null && flip !== reversed) break
        flip = reversed
        covered += 1
        column += 1
      } else break
    }
  }
  return { index, columns, prefix, covered, flip: flip ?? false }
}

/** The plan for `criteria` (and `order`) over a collection's indexes. */
export function planQuery(criteria: Criteria, indexes: IndexState[], order: Order = []): Plan {
  const conjuncts = conjunctsOf(criteria).map(analyse)
  const none: Plan = { index: null, where: '', params: [], ids: null, residual: residualOf(conjuncts, new Set()), covered: 0, orderSql: '', sortColumns: [] }

  for (const conjunct of conjuncts) {
    const ids = conjunct.field === '_id' ? idsOf(conjunct.criteria._id) : null
    if (ids) return { ...none, ids }
  }

  let best: Candidate | null = null
  for (const index of indexes) {
    const candidate = evaluate(index, conjuncts, order)
    if (!best || candidate.prefix > best.prefix || (candidate.prefix === best.prefix && candidate.covered > best.covered)) best = candidate
  }
  if (!best || (best.prefix === 0 && best.covered === 0)) return none

  const terms: string[] = []
  const params: Buffer[] = []
  best.columns.forEach((atoms, i) => {
    for (const atom of atoms) {
      if (atom.kind === 'in') {
        terms.push(atom.keys.length === 1 ? `ix.k${i} = ?` : `ix.k${i} IN (${atom.keys.map(() => '?').join(', ')})`)
        params.push(...atom.keys)
      } else {
        terms.push(`ix.k${i} ${atom.lowerOpen ? '>' : '>='} ?`, `ix.k${i} ${atom.upperOpen ? '<' : '<='} ?`)
        params.push(atom.lower, atom.upper)
      }
    }
  })
  const exact = new Set<Conjunct>()
  if (best.index.regular) for (const c of conjuncts) if (c.complete && c.field && best.index.fields.includes(c.field)) exact.add(c)

  const sortColumns: string[] = []
  const orderTerms: string[] = []
  const constant = (i: number) => isConstant(best.columns[i])
  for (const [field] of order.slice(0, best.covered)) {
    const column = best.index.fields.indexOf(field)
    if (constant(column)) continue
    sortColumns.push(`ix.k${column}`)
    const ascending = (best.index.directions[column] === 1) !== best.flip
    orderTerms.push(`ix.k${column} ${ascending ? 'ASC' : 'DESC'}`)
  }
  return {
    index: best.index,
    where: terms.length ? terms.join(' AND ') : '1',
    params,
    ids: null,
    residual: residualOf(conjuncts, exact),
    covered: best.covered,
    orderSql: orderTerms.join(', '),
    sortColumns,
  }
}

/** The `_id` keys a query names by equality or `$in` of strings and numbers, or null. */
function idsOf(value: unknown): string[] | null {
  const list = isPlainObject(value) ? ('$in' in value ? value.$in : '$eq' in value ? [value.$eq] : null) : [value]
  if (!Array.isArray(list)) return null
  if (!list.every((id) => (typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id)))) return null
  return [...new Set(list.map((id) => idKey(id)))]
}

function residualOf(conjuncts: Conjunct[], exact: Set<Conjunct>): Criteria | null {
  const left = conjuncts.filter((c) => !exact.has(c)).map((c) => c.criteria)
  if (!left.length) return null
  return left.length === 1 ? left[0] : { $and: left }
}
