import { escalationLevel, escalationWords } from './escalation';

describe('escalation of an overdue milestone', () => {
  it.each([
    [0, 0, null],
    [1, 0, null],
    [29, 0, null],
    [30, 1, 'Escalated: 30 days overdue'],
    [59, 1, 'Escalated: 30 days overdue'],
    [60, 2, 'Escalated: 60 days overdue'],
    [89, 2, 'Escalated: 60 days overdue'],
    [90, 3, 'Escalated: 90 days overdue'],
    [400, 3, 'Escalated: 90 days overdue'],
  ])('%i days overdue is level %i (%s)', (days, level, words) => {
    expect(escalationLevel(days)).toBe(level);
    expect(escalationWords(days)).toBe(words);
  });
});
