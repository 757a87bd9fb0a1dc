import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from './limits.ts';

const schema = buildSchema(`
  type Query { me: User, expenses(first: Int = 20): Conn! }
  type User { id: ID!, expenses(first: Int = 20): Conn! }
  type Conn { edges: [Edge!]!, totalCount: Int! }
  type Edge { node: Expense! }
  type Expense { id: ID!, title: String!, amount: Money! }
  type Money { amount: String! }
`);

const measure = (query: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(doc, op, variables, { schema });
};

describe('query measures', () => {
  it('counts depth through fragments and inline fragments', () => {
    const m = measure(`{ me { ...F } } fragment F on User { expenses { edges { node { ... on Expense { amount { amount } } } } } }`);
    expect(m.depth).toBe(6);
  });

  it('counts aliases', () => {
    expect(measure('{ a: me { id } b: me { id } c: me { id } }').aliases).toBe(3);
  });

  it('multiplies the cost of fields under a page by its size, from literals or variables', () => {
    const small = measure('{ expenses(first: 10) { edges { node { id title } } } }');
    const big = measure('query($n: Int) { expenses(first: $n) { edges { node { id title } } } }', { n: 100 });
    expect(big.cost).toBeGreaterThan(small.cost * 9);
    // expenses (1), then edges, node, id and title, each once per item of the page of 10
    expect(small.cost).toBe(1 + 10 * 4);
    expect(big.cost).toBe(1 + 100 * 4);
  });

  it('charges the schema default page size when first is omitted', () => {
    expect(measure('{ expenses { edges { node { id } } } }').cost).toBe(1 + 20 * 3);
  });

  it('does not loop on a fragment that spreads itself', () => {
    expect(() => measure('{ me { ...F } } fragment F on User { id ...F }')).not.toThrow();
  });
});
