import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';

/** Injection token for the API's validated, frozen {@link ApiConfig}. */
export const API_CONFIG = Symbol('ApiConfig');

/** Makes the configuration parsed at start-up injectable everywhere, under {@link API_CONFIG}. */
@Global()
@Module({})
export class ApiConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return { module: ApiConfigModule, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] };
  }
}
