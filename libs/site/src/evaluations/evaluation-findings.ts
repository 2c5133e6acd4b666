import { Injectable } from '@nestjs/common';
import {
  EvaluationsReadModel,
  EvaluationSubjectKind,
  Finding,
  FINDING_WORDS,
  type Evaluation,
} from '@app/evaluations';
import type { TimeSlice } from '@app/kernel';
import { govukDate } from '../layout/dates';

/** One finding as the pages show it: a dated fact with its evaluator, a tag and the link. */
export interface FindingView {
  id: string;
  publishedOn: string;
  evaluator: string;
  finding: string;
  tagClasses: string;
  summary: string;
  url: string;
}

/** A finding's tag colour: GOV.UK Frontend's tag modifiers. */
const TAG_CLASSES: Record<Finding, string> = {
  [Finding.POSITIVE]: 'govuk-tag--green',
  [Finding.NO_EFFECT]: 'govuk-tag--grey',
  [Finding.NEGATIVE]: 'govuk-tag--red',
  [Finding.MIXED]: 'govuk-tag--yellow',
};

/** The evaluations as the pages list them, latest first. Pure. */
export function findingViews(evaluations: readonly Evaluation[]): FindingView[] {
  return evaluations.map((evaluation) => ({
    id: evaluation.id,
    publishedOn: govukDate(evaluation.publishedOn),
    evaluator: evaluation.evaluator,
    finding: FINDING_WORDS[evaluation.finding],
    tagClasses: TAG_CLASSES[evaluation.finding],
    summary: evaluation.summary,
    url: evaluation.url,
  }));
}

/** The findings on one programme or recommendation that a page shows, in the page's slice. */
@Injectable()
export class EvaluationFindings {
  constructor(private readonly evaluations: EvaluationsReadModel) {}

  async of(kind: EvaluationSubjectKind, id: string, slice: TimeSlice): Promise<FindingView[]> {
    return findingViews(await this.evaluations.listIn({ subjectKind: kind, subjectId: id }, slice));
  }
}
