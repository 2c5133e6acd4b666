import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentNode,
  ExecutionResult,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import type { MercuriusContext, MercuriusPlugin } from 'mercurius';
import { bearerTokenOf, RequestContext, TokenRegister } from '@app/access';
import { LocalAuthorityRegister } from '@app/areas';
import { DomainError, ErrorCode, MAX_PAGE_SIZE } from '@app/kernel';
import { COST_EXTENSION, CostEstimator, ListBounds, QUERY_COST_LIMIT } from '@app/platform';
import { ProgrammeRollups } from '@app/rollout';
import { ANSWER_TOO_LARGE } from './graphql-errors';

/** `__schema` and `__type` are priced whole: their fields are GraphQL's own, with no declared cost. */
const INTROSPECTION_COST = QUERY_COST_LIMIT / 10;
/** A list that declares no cost is priced as a full page. */
const UNDECLARED_LIST_SIZE = MAX_PAGE_SIZE;
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);
/** The deepest an operation may nest its fields (see operationDepth). */
export const MAX_QUERY_DEPTH = 8;

/**
 * The largest answer sent, in bytes of JSON. The cost limit keeps answers far below it; this is
 * the backstop for fields whose values are large (long texts, event payloads).
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * What an operation costs before it runs: each field what its `cost` extension declares (see
 * `Cost` in the kernel: lists at their real bound, pages at `first` with variables read, costly
 * fields high), else 1 plus what it selects, a list of objects a full page of it. Fragments are
 * expanded where they are spread; the costliest operation of the document counts. Stops counting
 * once past `limit`, so that a hostile document costs little to price.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  bounds: ListBounds,
  limit: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const costOf = (
    type: GraphQLNamedType | null | undefined,
    selectionSet: SelectionSetNode,
    seen: ReadonlySet<string>,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field =
          isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
        if (INTROSPECTION_FIELDS.has(name)) cost += INTROSPECTION_COST;
        else if (!field)
          cost += 1; // __typename (GraphQL's validation refused unknown fields)
        else {
          const childCost = selection.selectionSet
            ? costOf(getNamedType(field.type), selection.selectionSet, seen)
            : 0;
          const estimate = field.extensions[COST_EXTENSION] as CostEstimator | undefined;
          if (estimate) {
            const args = getArgumentValues(field, selection, variables);
            cost += estimate({ args, childCost, bounds });
          } else {
            const list = isListType(getNullableType(field.type)) && selection.selectionSet;
            cost += 1 + (list ? UNDECLARED_LIST_SIZE : 1) * childCost;
          }
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        cost += costOf(condition ? schema.getType(condition) : type, selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) {
          cost += costOf(
            schema.getType(fragment.typeCondition.name.value),
            fragment.selectionSet,
            new Set([...seen, selection.name.value]),
          );
        }
      }
      if (cost > limit) return cost;
    }
    return cost;
  };
  let costliest = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(definition.operation);
    costliest = Math.max(costliest, costOf(root, definition.selectionSet, new Set()));
  }
  return costliest;
}

/**
 * How deep the document's deepest operation nests its fields: `{ a { b } }` is 2. Fragments,
 * named or inline, add no level. Inside introspection, a type's `ofType` adds none either: it is
 * how `[Int!]!` is spelled, one type inside another, never a list, so a chain of them cannot
 * multiply an answer (the standard introspection query nests seven), while `fields { type {
 * fields ... } }` counts as any other nesting.
 */
export function operationDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const depthOf = (
    selectionSet: SelectionSetNode,
    inIntrospection: boolean,
    seen: ReadonlySet<string>,
  ): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const introspection = inIntrospection || INTROSPECTION_FIELDS.has(name);
        const level = introspection && name === 'ofType' ? 0 : 1;
        const below = selection.selectionSet
          ? depthOf(selection.selectionSet, introspection, seen)
          : 0;
        deepest = Math.max(deepest, level + below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, inIntrospection, seen));
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) {
          const within = new Set([...seen, selection.name.value]);
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, inIntrospection, within));
        }
      }
    }
    return deepest;
  };
  let deepest = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION)
      deepest = Math.max(deepest, depthOf(definition.selectionSet, false, new Set()));
  }
  return deepest;
}

/** Refuses a document nested deeper than MAX_QUERY_DEPTH. */
function limitDepth(document: DocumentNode): void {
  const depth = operationDepth(document);
  if (depth > MAX_QUERY_DEPTH) {
    throw new GraphQLError(
      `The query is too deep: it nests fields ${depth} levels deep, past the limit of ${MAX_QUERY_DEPTH}; ask for less nested data, or in several requests`,
    );
  }
}

/**
 * The operation's variables as GraphQL reads them, or every way they are wrong. Mercurius checks
 * them too, but not on the request where it compiles a query (JIT), which graphql-jit then words
 * its own way: checked here, the same bad variables get the same answer every time.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const operation = getOperationAST(document, operationName);
  if (!operation) return variables ?? {}; // several operations and no name: execution refuses it
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) throw new AggregateError(coerced.errors, 'The variables are not valid');
  return coerced.coerced;
}

/** The operation a request names, if any (Mercurius' hooks are not told it). */
function operationNameOf(context: MercuriusContext): string | undefined {
  const request = context.reply?.request;
  const params = (request?.method === 'GET' ? request.query : request?.body) as
    { operationName?: unknown } | undefined;
  return typeof params?.operationName === 'string' ? params.operationName : undefined;
}

/** Whether the document asks for the schema (`__schema`, `__type`; `__typename` is no secret). */
export function usesIntrospection(document: DocumentNode): boolean {
  const asks = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) =>
      selection.kind === Kind.FIELD
        ? INTROSPECTION_FIELDS.has(selection.name.value) || asks(selection.selectionSet)
        : selection.kind === Kind.INLINE_FRAGMENT && asks(selection.selectionSet),
    );
  return document.definitions.some(
    (definition) =>
      (definition.kind === Kind.OPERATION_DEFINITION ||
        definition.kind === Kind.FRAGMENT_DEFINITION) &&
      asks(definition.selectionSet),
  );
}

/** The size of `value` as JSON, counted up to just past `limit` (escapes in strings not counted). */
export function jsonSizeUpTo(value: unknown, limit: number): number {
  let size = 0;
  const add = (item: unknown): void => {
    if (typeof item === 'string') size += item.length + 2;
    else if (typeof item === 'number' || typeof item === 'boolean') size += String(item).length;
    else if (item === null || typeof item !== 'object') size += 4;
    else if (Array.isArray(item)) {
      size += 2 + Math.max(0, item.length - 1); // brackets and commas
      for (const element of item) {
        if (size > limit) return;
        add(element);
      }
    } else {
      const entries = Object.entries(item);
      size += 2 + Math.max(0, entries.length - 1);
      for (const [key, element] of entries) {
        if (size > limit) return;
        size += key.length + 3; // "key":
        add(element);
      }
    }
  };
  add(value);
  return size;
}

type GraphQLContext = RequestContext & MercuriusContext;

/**
 * Checks every GraphQL operation before it runs (a Mercurius hook: validation rules see no
 * variables, and their results are cached by query text): its variables, its depth (subscriptions
 * too) and its price, from its variables and the data's sizes. Answers introspection only to
 * clients with a valid token (and to none when `introspection` is off), and refuses an answer over
 * MAX_ANSWER_BYTES rather than send it.
 */
export function limitQueries(
  app: NestFastifyApplication,
  { introspection }: { introspection: boolean },
): void {
  const areas = app.get(LocalAuthorityRegister);
  const rollups = app.get(ProgrammeRollups, { strict: false });
  const tokens = app.get(TokenRegister);
  const bounds = async (): Promise<ListBounds> => {
    const programmes = await rollups.programmes();
    return {
      areas: areas.all.length + areas.former.length,
      regions: areas.regions.length,
      programmes: programmes.length,
      milestones: Math.max(0, ...programmes.map((programme) => programme.milestones.length)),
    };
  };
  // Nest's Fastify is typed without the plugin Mercurius decorates it with.
  const { graphql } = app.getHttpAdapter().getInstance() as unknown as { graphql: MercuriusPlugin };
  graphql.addHook<GraphQLContext>('preExecution', async (schema, document, context, variables) => {
    const values = coerceVariables(schema, document, operationNameOf(context), variables);
    if (usesIntrospection(document)) {
      if (!introspection) {
        throw new GraphQLError('Introspection is switched off on this server (INTROSPECTION=off)');
      }
      const token = bearerTokenOf(context.authorization);
      if (!token || !(await tokens.authenticate(token))) {
        throw new DomainError(
          ErrorCode.UNAUTHENTICATED,
          'Introspection (__schema, __type) needs a valid bearer token',
        );
      }
    }
    limitDepth(document);
    const cost = operationCost(schema, document, values, await bounds(), QUERY_COST_LIMIT);
    if (cost > QUERY_COST_LIMIT) {
      throw new GraphQLError(
        `The query is too costly: cost ${cost} exceeds the limit of ${QUERY_COST_LIMIT} (lists count at their largest size, pages at first, verification and time-travelled roll-ups high); ask for less, or in several requests`,
      );
    }
  });
  graphql.addHook('preSubscriptionExecution', (_schema, document) => limitDepth(document));
  graphql.addHook('onResolution', (execution: ExecutionResult) => {
    const size = jsonSizeUpTo(execution.data, MAX_ANSWER_BYTES);
    if (size <= MAX_ANSWER_BYTES) return;
    // Mercurius sends this same object: the data is dropped before it is ever serialised.
    (execution as { data: unknown }).data = null;
    (execution as { errors: GraphQLError[] }).errors = [
      new GraphQLError(
        `The answer is too large: over ${MAX_ANSWER_BYTES} bytes of JSON; ask for fewer fields or smaller pages`,
        { extensions: { code: ANSWER_TOO_LARGE } },
      ),
    ];
  });
}
