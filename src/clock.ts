import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';

/** The only source of time for TTLs, cooldowns and token expiry, so tests can move it. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }

  async sleep(ms: number): Promise<void> {
    if (ms > 0) await delay(ms);
  }
}
