import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/** How a GraphQL operation is counted in the metrics: labels from a bounded set. */
export interface OperationLabel {
  /** query, mutation or subscription. */
  type: string;
  /**
   * The operation's first root field (`recommendations`, `proposeRecommendation`), or
   * `introspection`: a schema field, never the client's operation name, which it may make up.
   */
  operation: string;
}

/** A request that was never run: unparsable, invalid, or refused before it ran. */
export const NOT_RUN: OperationLabel = { type: 'none', operation: 'not_run' };

/** The label of the operation a (validated) document runs: the named one, or its only one. */
export function operationLabel(document: DocumentNode, operationName?: unknown): OperationLabel {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    operations.find((candidate) => candidate.name?.value === operationName) ?? operations[0];
  if (!operation) return NOT_RUN;
  const fields = operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD && selection.name.value !== '__typename'
      ? [selection.name.value]
      : [],
  );
  const first = fields[0];
  return {
    type: operation.operation,
    operation: first === undefined ? 'other' : first.startsWith('__') ? 'introspection' : first,
  };
}
