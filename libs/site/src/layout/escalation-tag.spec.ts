import { escalationTag } from './escalation-tag';

describe('escalationTag', () => {
  it('shows nothing before 30 days, then the level reached in words, hotter as it climbs', () => {
    expect(escalationTag(29)).toBeNull();
    expect(escalationTag(30)).toEqual({
      text: 'Escalated: 30 days overdue',
      classes: 'govuk-tag--yellow',
    });
    expect(escalationTag(75)).toEqual({
      text: 'Escalated: 60 days overdue',
      classes: 'govuk-tag--orange',
    });
    expect(escalationTag(122)).toEqual({
      text: 'Escalated: 90 days overdue',
      classes: 'govuk-tag--red',
    });
  });
});
