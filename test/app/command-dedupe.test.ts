// Webhook guards of the command handler: deliveries handled once (LRU by delivery id) and
// bot senders recognised without a request.
import { describe, expect, it } from 'vitest';
import { createDeliveryDedupe } from '../../src/app/delivery-dedupe.ts';
import { isBotSender } from '../../src/app/on-issue-comment.ts';

describe('createDeliveryDedupe', () => {
  it('claims an id once, forgets the least recently seen beyond its size, and releases on request', () => {
    const dedupe = createDeliveryDedupe(3);
    expect(['a', 'b', 'c'].map((id) => dedupe.claim(id))).toEqual([true, true, true]);
    expect(dedupe.claim('a')).toBe(false); // seen again: now the most recent
    expect(dedupe.claim('d')).toBe(true); // evicts b, the least recently seen
    expect(dedupe.size).toBe(3);
    expect(dedupe.claim('a')).toBe(false);
    expect(dedupe.claim('b')).toBe(true);
    dedupe.release('b');
    expect(dedupe.claim('b')).toBe(true);
  });
});

describe('isBotSender', () => {
  it.each([
    [{ login: 'alice', type: 'User' }, false],
    [{ login: 'dependabot[bot]', type: 'Bot' }, true],
    [{ login: 'freshpin[bot]', type: 'Bot' }, true],
    [{ login: 'sneaky[BOT]', type: 'User' }, true],
    [{ login: 'robot', type: 'Bot' }, true],
    [null, true],
  ])('%j → %s', (sender, bot) => {
    expect(isBotSender(sender)).toBe(bot);
  });
});
