import { Module } from '@nestjs/common';
import { AccountsDataModule } from '../accounts/accounts-data.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { KeysController } from './keys.controller.js';
import { KeysService } from './keys.service.js';

/** `/api/keys`: the public key directory. */
@Module({
  imports: [AccountsDataModule, AuthModule],
  controllers: [KeysController],
  providers: [KeysService],
})
export class KeysModule {}
