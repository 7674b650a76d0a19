import { type BeforeApplicationShutdown, type DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { type ApiConfig } from '@coffre/config/api';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ApiConfigModule } from './config/api-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DriveJobsModule } from './drive-jobs/drive-jobs.module.js';
import { AllExceptionsFilter } from './errors/all-exceptions.filter.js';
import { FilesModule } from './files/files.module.js';
import { HealthModule } from './health/health.module.js';
import { SchemaValidationPipe } from './http/validation.pipe.js';
import { KeysModule } from './keys/keys.module.js';
import { LinksModule } from './links/links.module.js';
import { NodesModule } from './nodes/nodes.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SharesModule } from './shares/shares.module.js';
import { StorageModule } from './storage/storage.module.js';

/** The whole API: infrastructure modules, feature modules, and the global error and validation rules. */
@Module({})
export class AppModule implements BeforeApplicationShutdown {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ApiConfigModule.forRoot(config), DatabaseModule, RedisModule, HealthModule, AuthModule, AccountsModule, KeysModule, StorageModule, NodesModule, FilesModule, DriveJobsModule, LinksModule, SharesModule],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: SchemaValidationPipe },
      ],
    };
  }

  beforeApplicationShutdown(signal?: string): void {
    new Logger(AppModule.name).log(`shutting down${signal === undefined ? '' : ` on ${signal}`}`);
  }
}
