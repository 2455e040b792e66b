import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryShapeLimits {
  /** Deepest field nesting, counted through fragments; introspection subtrees (`__schema`, `__type`) are exempt. */
  maxDepth: number;
  /** Aliased fields in one operation, counted through fragments every time a fragment is spread. */
  maxAliases: number;
  /** Directives in one operation, counted the same way. */
  maxDirectives: number;
  /** Selections (fields, spreads, inline fragments) once fragments are expanded: bounds fragment "bombs". */
  maxNodes: number;
}

/** A request over one of the configured limits; answered as QUERY_TOO_COMPLEX (see format-error). */
export class QueryLimitError extends GraphQLError {
  constructor(message: string, operation: OperationDefinitionNode) {
    super(message, { nodes: [operation] });
  }
}

// introspection reads the schema, never data, and its standard query is deeper than any data query
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

interface Shape {
  depth: number;
  aliases: number;
  directives: number;
  nodes: number;
}

/**
 * Measures each operation as it will execute: fragment spreads are expanded where they are used (a fragment
 * spread twice counts twice), so limits cannot be dodged by moving selections into fragments. Only field
 * *names* are exempt as introspection; an operation, fragment or alias called `__schema` is measured like
 * any other. Fragment cycles are cut here (graphql-js reports them separately), so a recursive fragment
 * cannot make this rule loop.
 */
export function queryShapeRule(limits: QueryShapeLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const shape: Shape = { depth: 0, aliases: 0, directives: operation.directives?.length ?? 0, nodes: 0 };
      // stop walking once a limit is passed: the answer is already "too big", and a hostile document should not cost more
      const over = () =>
        shape.aliases > limits.maxAliases || shape.directives > limits.maxDirectives || shape.depth > limits.maxDepth || shape.nodes > limits.maxNodes;
      const walk = (selectionSet: SelectionSetNode, depth: number, active: Set<string>): void => {
        for (const selection of selectionSet.selections) {
          if (over()) return;
          shape.nodes += 1;
          shape.directives += selection.directives?.length ?? 0;
          if (selection.kind === Kind.FIELD) {
            if (selection.alias) shape.aliases += 1;
            if (INTROSPECTION_FIELDS.has(selection.name.value)) continue;
            shape.depth = Math.max(shape.depth, depth + 1);
            if (selection.selectionSet) walk(selection.selectionSet, depth + 1, active);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            walk(selection.selectionSet, depth, active);
          } else {
            const name = selection.name.value;
            const fragment = fragments.get(name);
            if (!fragment || active.has(name)) continue;
            shape.directives += fragment.directives?.length ?? 0;
            active.add(name);
            walk(fragment.selectionSet, depth, active);
            active.delete(name);
          }
        }
      };
      walk(operation.selectionSet, 0, new Set());

      const name = operation.name ? `Operation "${operation.name.value}"` : 'The operation';
      if (shape.depth > limits.maxDepth) {
        context.reportError(new QueryLimitError(`${name} nests fields deeper than ${limits.maxDepth} levels (MAX_QUERY_DEPTH); request fewer nested levels, or fetch nested lists with a separate query.`, operation));
      } else if (shape.aliases > limits.maxAliases) {
        context.reportError(new QueryLimitError(`${name} uses more than ${limits.maxAliases} aliases (MAX_ALIASES); split it into several requests.`, operation));
      } else if (shape.directives > limits.maxDirectives) {
        context.reportError(new QueryLimitError(`${name} uses more than ${limits.maxDirectives} directives (MAX_DIRECTIVES); remove repeated @include/@skip.`, operation));
      } else if (shape.nodes > limits.maxNodes) {
        context.reportError(new QueryLimitError(`${name} selects more than ${limits.maxNodes} fields once its fragments are expanded (MAX_QUERY_NODES); select fewer fields or spread fewer fragments.`, operation));
      }
      return false;
    },
  });
}
