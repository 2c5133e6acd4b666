/** A command id as the API takes it (CommandEnvelopeInput's). */
const COMMAND_ID = /^[\w.:-]{1,128}$/;

/**
 * The command id a form posted, or a new one if it is missing or not one the API would take.
 * Made when the form is first shown, it makes sending the form twice change things once.
 */
export const postedCommandId = (posted: string, newCommandId: () => string): string =>
  COMMAND_ID.test(posted) ? posted : newCommandId();
