import type { StoredFact } from './recorded-event';

/**
 * A fold of a stream's events that remembers the state after the last event of the stream's
 * own past it folded, keyed on that event object. The stream cache hands out the same event
 * objects read after read, so folding a stream again (every command and its answer do) costs
 * only the events stored since, where a fresh fold grows with the stream.
 *
 * A remembered state stands for versions 1..n exactly, so it is used and kept only where the
 * list starts with that run (a slice's filtered or rewritten list is folded as given); lists
 * are in stream order, as reads give them. Held weakly: it goes when the cache lets its event
 * go. Evolve must return new states, never change the one it is given, and callers must not
 * change the states they get.
 */
export function memoizedFold<State, Event extends StoredFact, Context = void>(
  evolve: (state: State | null, event: Event, context: Context) => State,
): (events: readonly Event[], context: Context) => State | null {
  const after = new WeakMap<Event, State>();
  return (events, context) => {
    const run = storedRunLength(events);
    let start = 0;
    let state: State | null = null;
    for (let i = run - 1; i >= 0; i--) {
      const remembered = after.get(events[i]);
      if (remembered !== undefined) {
        start = i + 1;
        state = remembered;
        break;
      }
    }
    for (let i = start; i < events.length; i++) {
      state = evolve(state, events[i], context);
      if (i === run - 1) {
        // The newest state of a stream is the one asked for again; an older one (a retry's
        // answer) is folded afresh, so memory stays at one state per stream.
        if (start > 0) after.delete(events[start - 1]);
        after.set(events[i], state);
      }
    }
    return state;
  };
}

/**
 * How many of the first events are versions 1, 2, 3...: the stream's own past as stored. Lists
 * are in stream order (as reads give them, perhaps filtered, perhaps with events not yet
 * stored after them), so the run ends at the last event whose version is its place: the
 * versions before it, rising from at least 1, can only be those. Looked for from the end,
 * where it is found at once, rather than walking the whole stream.
 */
function storedRunLength(events: readonly StoredFact[]): number {
  let run = events.length;
  while (run > 0 && (events[run - 1] as StoredFact & { version?: number }).version !== run) run--;
  return run;
}
