/** Whether this process keeps the read models up to date (the CLI only reads them). */
export const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');
