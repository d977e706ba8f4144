/**
 * User accounts over HTTP: create, change tasks, deactivate, list, and the names directory of
 * the audit pages. A change that grants a sensitive right answers 202 with its grant (ADR 0016).
 */
import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, parseInput, Principal } from '@inkijk/platform';
import { Users } from '../../app/users';
import { pendingAs202 } from './grants.controller';
import { directoryBody, reasonBody, tasksBody, userBody, usersQuery } from './routes';

@Controller('users')
export class UsersController {
  constructor(private readonly users: Users) {}

  /** 201 with the user; 202 with the grant when a sensitive right waits for a second person (ADR 0016). */
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const input = parseInput(userBody, body, 'user');
    return pendingAs202(await this.users.create(p, input), res);
  }

  /** 200 with the user; 202 with the grant when the change grants a sensitive right (ADR 0016). */
  @Put(':id/tasks')
  async tasks(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return pendingAs202(await this.users.changeTasks(p, id, parseInput(tasksBody, body, 'tasks')), res);
  }

  @Post(':id/deactivation')
  @HttpCode(200)
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseInput(reasonBody, body ?? {}, 'deactivation');
    return this.users.deactivate(p, id, input.reason ?? null);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: unknown) {
    const { municipalityId } = parseInput(usersQuery, query ?? {}, 'query');
    return this.users.list(p, municipalityId ?? p.homeMunicipalityId);
  }

  /** Who the actors of the audit log are: names, roles and homes of the ids asked for (unknown ids left out). */
  @Post('directory')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  directory(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const { userIds } = parseInput(directoryBody, body, 'directory');
    return this.users.directory(p, userIds);
  }
}
