import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { deadlineRulesOf } from '../common/deadline-calendar';
import { APP_CONFIG, AppConfig } from './app-config';

export const DEADLINE_RULES = Symbol('DEADLINE_RULES');

/** Makes the configuration validated at boot injectable everywhere as one frozen object. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DEADLINE_RULES, useValue: deadlineRulesOf(config.deadlines) },
      ],
      exports: [APP_CONFIG, DEADLINE_RULES],
    };
  }
}

export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

export const InjectDeadlineRules = (): ParameterDecorator => Inject(DEADLINE_RULES);
