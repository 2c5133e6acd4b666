import { Actor, type CommandEnvelope, commandContextOf } from '@app/kernel';
import type { SourceDetails, SourceKind } from '../domain/source.events';
import { ChangeSource } from './change-source.command';

/** Adding a source, as the API's input and the pages' form ask for it. */
export interface AddSourceRequest extends CommandEnvelope {
  id: string;
  kind: SourceKind;
  title: string;
  publisher: string;
  publishedOn: string;
  /** Left out or null: no public copy is known. */
  url?: string | null;
  themes: string[];
}

/** A correction: what is left out (or null) stays as it is, but the url, where null clears it. */
export interface CorrectSourceRequest extends CommandEnvelope {
  id: string;
  kind?: SourceKind | null;
  title?: string | null;
  publisher?: string | null;
  publishedOn?: string | null;
  url?: string | null;
  themes?: string[] | null;
}

/**
 * The command to add a source, in one way for the API and the pages: the request is its
 * envelope and fingerprint, so a retry under the same command id is recognised on every path.
 */
export function addSource(
  request: AddSourceRequest,
  actor: Actor,
  correlationId: string,
  now: Date,
): ChangeSource {
  const { id, kind, title, publisher, publishedOn, url, themes } = request;
  const details = { kind, title, publisher, publishedOn, url: url ?? null, themes };
  return new ChangeSource(
    { kind: 'AddSource', id, details },
    commandContextOf(request, actor, correlationId, now),
  );
}

/** The command to correct a source, in one way for the API and the pages. */
export function correctSource(
  request: CorrectSourceRequest,
  actor: Actor,
  correlationId: string,
  now: Date,
): ChangeSource {
  const { id, kind, title, publisher, publishedOn, url, themes } = request;
  const given = Object.fromEntries(
    Object.entries({ kind, title, publisher, publishedOn, themes }).filter(
      ([, value]) => value !== null && value !== undefined,
    ),
  ) as Partial<SourceDetails>;
  const changes = url === undefined ? given : { ...given, url };
  return new ChangeSource(
    { kind: 'CorrectSource', id, changes },
    commandContextOf(request, actor, correlationId, now),
  );
}
