import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isObjectType,
  isInterfaceType,
  Kind,
  type GraphQLNamedType,
  type GraphQLSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Protection against queries that would cost the subgraphs far more than a screen needs. */
export interface QueryLimits {
  /** Deepest nesting of fields (fragments expanded). Default 12. */
  maxDepth: number;
  /** Aliased fields in one operation (aliases multiply work cheaply). Default 30. */
  maxAliases: number;
  /**
   * Estimated cost: every field counts 1, times the page sizes (`first`, `last`, `limit`) of the
   * list fields above it. Default 5,000, so a page of 100 expenses with a dozen fields each fits.
   */
  maxCost: number;
  /** The page size assumed for a connection without `first`. Default 20 (the schema's default). */
  defaultPageSize: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 5_000, defaultPageSize: 20 };

const PAGE_ARGS = new Set(['first', 'last', 'limit']);

function pageSizeOf(args: readonly { name: { value: string }; value: ValueNode }[] | undefined, variables: Record<string, unknown>): number | undefined {
  for (const arg of args ?? []) {
    if (!PAGE_ARGS.has(arg.name.value)) continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const v = variables[arg.value.name.value];
      if (typeof v === 'number') return v;
    }
  }
  return undefined;
}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

/** Measures one operation of a document (pure; fragments expanded, cycles cut). */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  { schema, defaultPageSize = DEFAULT_LIMITS.defaultPageSize }: { schema?: GraphQLSchema; defaultPageSize?: number } = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let aliases = 0;

  /** A field that takes a page argument but was not given one costs its schema default. */
  function defaultPage(parent: GraphQLNamedType | undefined, field: string): number | undefined {
    if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
    const arg = parent.getFields()[field]?.args.find((a) => PAGE_ARGS.has(a.name));
    if (!arg) return undefined;
    return typeof arg.defaultValue === 'number' ? arg.defaultValue : defaultPageSize;
  }

  function walk(
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    depth: number,
    multiplier: number,
    seen: ReadonlySet<string>,
  ): { depth: number; cost: number } {
    let maxDepth = depth;
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue; // introspection and __typename are cheap
        if (sel.alias) aliases++;
        cost += multiplier;
        maxDepth = Math.max(maxDepth, depth + 1);
        if (sel.selectionSet) {
          const size = pageSizeOf(sel.arguments, variables) ?? defaultPage(parent, sel.name.value) ?? 1;
          const fieldType =
            parent && (isObjectType(parent) || isInterfaceType(parent))
              ? parent.getFields()[sel.name.value]?.type
              : undefined;
          const child = walk(sel.selectionSet, fieldType ? getNamedType(fieldType) : undefined, depth + 1, multiplier * Math.max(1, size), seen);
          maxDepth = Math.max(maxDepth, child.depth);
          cost += child.cost;
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const typed = sel.typeCondition ? schema?.getType(sel.typeCondition.name.value) : parent;
        const child = walk(sel.selectionSet, typed ?? parent, depth, multiplier, seen);
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const typed = schema?.getType(fragment.typeCondition.name.value) ?? undefined;
        const child = walk(fragment.selectionSet, typed, depth, multiplier, new Set([...seen, name]));
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      }
    }
    return { depth: maxDepth, cost };
  }

  const root =
    operation.operation === 'query' ? schema?.getQueryType() : operation.operation === 'mutation' ? schema?.getMutationType() : schema?.getSubscriptionType();
  const { depth, cost } = walk(operation.selectionSet, root ?? undefined, 0, 1, new Set());
  return { depth, aliases, cost };
}

const tooComplex = (message: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...extensions } });

/**
 * The error that refuses an operation over the limits, or undefined when it fits. Shared by HTTP
 * (the plugin below) and subscriptions over WebSocket.
 */
export function checkOperationLimits(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  schema: GraphQLSchema,
  limits: QueryLimits = DEFAULT_LIMITS,
): GraphQLError | undefined {
  const m = measureOperation(document, operation, variables, { schema, defaultPageSize: limits.defaultPageSize });
  if (m.depth > limits.maxDepth) {
    return tooComplex(`Query is ${m.depth} levels deep; the limit is ${limits.maxDepth}`, { depth: m.depth, maxDepth: limits.maxDepth });
  }
  if (m.aliases > limits.maxAliases) {
    return tooComplex(`Query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`, { aliases: m.aliases, maxAliases: limits.maxAliases });
  }
  if (m.cost > limits.maxCost) {
    return tooComplex(`Query would cost about ${m.cost}; the limit is ${limits.maxCost}. Ask for smaller pages or fewer fields.`, { cost: m.cost, maxCost: limits.maxCost });
  }
  return undefined;
}

/** Refuses an operation over the limits before any subgraph is called. */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const refusal = checkOperationLimits(document, operation, request.variables ?? {}, schema, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
