import { Body, Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentAccount, CurrentSession, type CurrentSessionInfo } from '../auth/current-session.js';
import { type AccountView, type DeleteAccountRequest, accountViewSchema, deleteAccountRequestSchema } from './accounts.dto.js';
import { AccountsService } from './accounts.service.js';

@ApiTags('account')
@Controller('account')
@Authenticated()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in account: email, key bundle, quota' })
  @ApiResponse({ status: 200, standardSchema: accountViewSchema })
  get(@CurrentAccount() accountId: string): Promise<AccountView> {
    return this.accounts.get(accountId);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes the account, with a fresh proof of its password; every session ends' })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  delete(@CurrentSession() current: CurrentSessionInfo, @Body({ schema: deleteAccountRequestSchema }) body: DeleteAccountRequest): Promise<void> {
    return this.accounts.delete(current, body);
  }
}
