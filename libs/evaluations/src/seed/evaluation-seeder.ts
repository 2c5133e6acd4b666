import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { readReferenceData, seedContext } from '@app/kernel';
import type { EvaluationDetails, EvaluationSubject } from '../domain/evaluation';
import { ChangeEvaluation, EvaluationChange } from '../record-evaluation/change-evaluation.command';

interface ShippedEvaluation extends EvaluationDetails {
  id: string;
  subject: EvaluationSubject;
}

/**
 * Loads the shipped evaluations (reference-data/evaluations.json), each on the day it was
 * published. Runs after the programmes and recommendations it is about; command ids are fixed,
 * so seeding twice writes nothing new.
 */
@Injectable()
export class EvaluationSeeder {
  constructor(private readonly commands: CommandBus) {}

  async seed(): Promise<{ evaluations: number; eventsWritten: number }> {
    const { evaluations } = JSON.parse(readReferenceData('evaluations.json')) as {
      evaluations: ShippedEvaluation[];
    };
    let eventsWritten = 0;
    for (const { id, ...details } of evaluations) {
      const result = await this.commands.execute<ChangeEvaluation, EvaluationChange>(
        new ChangeEvaluation(
          { kind: 'RecordEvaluation', id, ...details },
          seedContext(
            `evaluation:${id}`,
            details.publishedOn,
            `Shipped evaluation: ${details.evaluator}, ${details.publishedOn} (${details.url})`,
          ),
        ),
      );
      if (result.position !== null) eventsWritten++;
    }
    return { evaluations: evaluations.length, eventsWritten };
  }
}
