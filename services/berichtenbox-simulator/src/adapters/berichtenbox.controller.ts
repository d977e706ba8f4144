/**
 * GET /berichten: the messages in the box, newest first (JSON), and whether the box follows the
 * topic. A simulator's window for demos and tests; the real berichtenbox shows a citizen their
 * own messages after their own login.
 */
import { Controller, Get, Inject } from '@nestjs/common';
import { Berichtenbox } from '../domain/berichtenbox';
import { NotificationsFollower } from './notifications.follower';

@Controller()
export class BerichtenboxController {
  constructor(
    private readonly box: Berichtenbox,
    @Inject(NotificationsFollower) private readonly follower: NotificationsFollower,
  ) {}

  @Get('berichten')
  list() {
    return { following: this.follower.following, duplicatesDropped: this.box.duplicates, berichten: this.box.list() };
  }
}
