import { Module } from '@nestjs/common';
import { OutcomesController } from './outcomes.controller';
import { OutcomesStewardshipUseCases } from './outcomes.use-cases';

/** Outcomes runs and their release to the public, for stewards. */
@Module({
  controllers: [OutcomesController],
  providers: [OutcomesStewardshipUseCases],
})
export class OutcomesModule {}
