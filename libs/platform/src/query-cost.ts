import { Extensions } from '@nestjs/graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/kernel';

/**
 * The sizes of the data that bound the lists taking no `first`, read when a query is priced:
 * a list is priced at the most it can hold, not at a guess.
 */
export interface ListBounds {
  /** Local authorities, current and former (the areas reference data). */
  areas: number;
  /** England's regions. */
  regions: number;
  /** Programmes recorded. */
  programmes: number;
  /** The most milestones any programme has. */
  milestones: number;
}

export interface CostInput {
  /** The field's arguments, variables read. */
  args: Record<string, unknown>;
  /** The cost of one of what the field returns: its selection. */
  childCost: number;
  bounds: ListBounds;
}

/** Prices a field before the query runs (read by the API's cost limit). */
export type CostEstimator = (input: CostInput) => number;

/** The key of a field's GraphQL extensions that holds its estimator. */
export const COST_EXTENSION = 'cost';

/**
 * The largest cost of one operation. An answer is at most about its cost in fields, so this
 * bounds answers to a few hundred kilobytes and their work to tens of milliseconds.
 */
export const QUERY_COST_LIMIT = 25_000;

/** Declares how a field is priced, next to the field. A field without one costs 1 plus its selection. */
export const Cost = (estimate: CostEstimator) => Extensions({ [COST_EXTENSION]: estimate });

/** A list of at most `bound` items: a size of the data or a fixed number. */
export const listOf =
  (bound: keyof ListBounds | number): CostEstimator =>
  ({ childCost, bounds }) =>
    // An empty list is still priced as one item, so that what it selects is never free.
    1 + Math.max(1, typeof bound === 'number' ? bound : bounds[bound]) * childCost;

/** A page of `first` items (DEFAULT_PAGE_SIZE when left out; sizes pageSize refuses priced at its most). */
export const pageOf: CostEstimator = ({ args, childCost }) => {
  const first = args.first;
  const size =
    typeof first === 'number' && first >= 1 ? Math.min(first, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return 1 + size * childCost;
};

/** The items of a page, already counted by the paged field that holds them. */
export const inPage: CostEstimator = ({ childCost }) => 1 + childCost;

/** A field whose own work costs `cost`, beside what it selects. */
export const costing =
  (cost: number): CostEstimator =>
  ({ childCost }) =>
    cost + childCost;

/**
 * A field that folds the events again when asked for another asOf or validAt (its answer for now
 * is kept ready): `cost` then, 1 otherwise.
 */
export const foldedInTimeSlice =
  (cost: number, items = 1): CostEstimator =>
  ({ args, childCost }) =>
    (args.asOf || args.validAt ? cost : 1) + items * childCost;

/** A time-travelled fold of every area or recommendation: three per request at most. */
export const TIME_SLICE_FOLD_COST = QUERY_COST_LIMIT / 4;

/** A stream's history has no bound: it is priced as this many entries, more than streams hold. */
export const HISTORY_LENGTH_PRICE = 200;
