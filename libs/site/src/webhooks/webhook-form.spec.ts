import { DomainError, ErrorCode, InvalidInputError } from '@app/kernel';
import {
  eventTypeGroups,
  readWebhookForm,
  refusalWords,
  webhookFormOf,
  webhookRequestOf,
} from './webhook-form';

describe('the webhook form', () => {
  const newId = () => 'site:new';

  it('says at once what is missing, keeps what was typed and its command id', () => {
    const form = readWebhookForm({ commandId: 'site:kept', url: ' ', eventTypes: [] }, newId);
    expect(form.commandId).toBe('site:kept');
    expect(form.problems).toEqual([
      { text: 'Enter the address the deliveries are sent to', href: '#url' },
      { text: 'Select at least one event to send', href: '#eventTypes' },
      {
        text: 'Enter a description, such as the system that receives the deliveries',
        href: '#description',
      },
    ]);
    // A command id that is not one of ours is replaced.
    expect(readWebhookForm({ commandId: '<script>' }, newId).commandId).toBe('site:new');
  });

  it('asks what the API asks: a single box ticked is a list, none ticked is every one', () => {
    const form = readWebhookForm(
      {
        commandId: 'site:1',
        url: 'https://hooks.example.org/',
        eventTypes: 'MilestoneAchieved',
        description: 'Warehouse',
      },
      newId,
    );
    expect(form.problems).toEqual([]);
    expect(webhookRequestOf(form)).toEqual({
      commandId: 'site:1',
      url: 'https://hooks.example.org/',
      eventTypes: ['MilestoneAchieved'],
      areaCodes: [],
      programmeIds: [],
      description: 'Warehouse',
      reason: undefined,
    });
  });

  it("puts the context's refusals beside their fields, in words", () => {
    const said = (error: unknown) => refusalWords(error);
    expect(
      said(
        new InvalidInputError(
          'url',
          'publicAddress',
          'url must be an address on the internet: intranet.example.org is at 10.0.0.7, a private address',
        ),
      ),
    ).toEqual({
      field: 'url',
      text: 'The address must be on the internet, not inside a network: intranet.example.org is at 10.0.0.7, a private address',
    });
    expect(said(new InvalidInputError('url', 'https', 'url must start with https:'))).toEqual({
      field: 'url',
      text: 'The address must start with https://',
    });
    expect(said(new InvalidInputError('areaCodes', 'known', 'x'))).toEqual({
      field: 'areaCodes',
      text: 'Select local authorities from the list',
    });
    // Access and failures are the pages' filter's to show.
    expect(said(new DomainError(ErrorCode.FORBIDDEN, 'no'))).toBeNull();
    expect(said(new Error('boom'))).toBeNull();
  });

  it('offers the event types by kind, in words, those chosen ticked', () => {
    const groups = eventTypeGroups(['StatusReported']);
    expect(groups.map((group) => group.label)).toEqual([
      'Sources',
      'Recommendations',
      'Evaluations',
      'Funding',
      'Programmes',
      'Rollout in each area',
      'Local authorities',
      'The audit trail',
    ]);
    const all = groups.flatMap((group) => group.items);
    // A type two contexts write is offered once.
    expect(all.filter((item) => item.value === 'MilestoneTargetSet')).toHaveLength(1);
    expect(all.find((item) => item.value === 'StatusReported')).toEqual({
      value: 'StatusReported',
      text: 'Status reported',
      checked: true,
    });
    expect(webhookFormOf('c').values.eventTypes).toEqual([]);
  });
});
