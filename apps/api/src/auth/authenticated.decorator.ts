import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { AuthGuard } from './auth.guard.js';

/**
 * Marks a route (or a controller) as requiring a session: AuthGuard checks the bearer token, and
 * OpenAPI documents it. Modules using it import AuthModule.
 */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(UseGuards(AuthGuard), ApiBearerAuth());
}
