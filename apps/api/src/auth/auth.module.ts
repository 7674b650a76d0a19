import { Module } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { AccountsDataModule } from '../accounts/accounts-data.module.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AuthGuard } from './auth.guard.js';
import { AuthStateRepository } from './auth-state.repository.js';
import { LoginController } from './login.controller.js';
import { LoginService } from './login.service.js';
import { OPAQUE_SERVER_SETUP, OpaqueServer } from './opaque-server.js';
import { loadOpaqueServerSetup } from './opaque-server-setup.js';
import { PasswordController } from './password.controller.js';
import { PasswordService } from './password.service.js';
import { RecoveryController } from './recovery.controller.js';
import { RecoveryService } from './recovery.service.js';
import { RegistrationController } from './registration.controller.js';
import { RegistrationService } from './registration.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

/**
 * Accounts' credentials and sessions: registration, OPAQUE login, sessions, password change and
 * recovery. Exports what other features need to require a session (@Authenticated() with
 * AuthGuard) or a fresh password proof (LoginService.verify).
 */
@Module({
  imports: [AccountsDataModule, RateLimitModule],
  controllers: [RegistrationController, LoginController, SessionsController, PasswordController, RecoveryController],
  providers: [
    { provide: OPAQUE_SERVER_SETUP, inject: [API_CONFIG], useFactory: (config: ApiConfig) => loadOpaqueServerSetup(config) },
    OpaqueServer,
    AuthStateRepository,
    SessionsRepository,
    SessionsService,
    AuthGuard,
    RegistrationService,
    LoginService,
    PasswordService,
    RecoveryService,
  ],
  exports: [AuthGuard, SessionsService, LoginService],
})
export class AuthModule {}
