import {
  ASTVisitor,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** Lists without `first` are counted at this size when estimating cost. */
const DEFAULT_LIST_SIZE = 20;

/**
 * Estimates an operation's cost before running it: each field costs 1, and a field taking
 * `first` multiplies the cost of what it selects. Fragments are expanded; cycles are cut
 * (GraphQL's own rules report them).
 */
export function complexityLimit(maxCost: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    const costOf = (
      selectionSet: SelectionSetNode | undefined,
      seen: ReadonlySet<string>,
    ): number => {
      let cost = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          const first = selection.arguments?.find((argument) => argument.name.value === 'first');
          const size =
            first?.value.kind === Kind.INT
              ? Number(first.value.value)
              : first
                ? DEFAULT_LIST_SIZE
                : 1;
          cost += 1 + Math.max(1, size) * costOf(selection.selectionSet, seen);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          cost += costOf(selection.selectionSet, seen);
        } else if (!seen.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          cost += costOf(fragment?.selectionSet, new Set([...seen, selection.name.value]));
        }
        if (cost > maxCost) return cost;
      }
      return cost;
    };
    return {
      OperationDefinition(operation) {
        const cost = costOf(operation.selectionSet, new Set());
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `The query is too complex: cost ${cost} exceeds the limit of ${maxCost}`,
              {
                nodes: [operation],
              },
            ),
          );
        }
      },
    };
  };
}
