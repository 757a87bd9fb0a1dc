import { describe, expect, it } from 'vitest';
import type { EventSink } from './createEventStream.ts';
import { createUpstreamHub } from './upstreamHub.ts';

function recorder() {
  const seen: string[] = [];
  const sink: EventSink<string> = {
    next: (e) => void seen.push(e),
    error: (e) => void seen.push(`error:${String(e)}`),
    complete: () => void seen.push('complete'),
  };
  return { seen, sink };
}

function fakeUpstream() {
  const opened: EventSink<string>[] = [];
  let stops = 0;
  const open = (sink: EventSink<string>) => {
    opened.push(sink);
    return () => void (stops += 1);
  };
  return { opened, open, stops: () => stops };
}

describe('upstream hub', () => {
  it('opens one upstream per key, sends each event to every subscriber, closes after the last leaves', () => {
    const hub = createUpstreamHub<string>();
    const up = fakeUpstream();
    const [a, b, c] = [recorder(), recorder(), recorder()];
    const leaveA = hub.subscribe('k', up.open, a.sink);
    const leaveB = hub.subscribe('k', up.open, b.sink);
    hub.subscribe('other', up.open, c.sink);
    expect(up.opened).toHaveLength(2);
    up.opened[0]!.next('e1');
    leaveA();
    up.opened[0]!.next('e2');
    expect(a.seen).toEqual(['e1']);
    expect(b.seen).toEqual(['e1', 'e2']);
    expect(c.seen).toEqual([]);
    expect(up.stops()).toBe(0);
    leaveB();
    leaveB();
    expect(up.stops()).toBe(1);
    expect(hub.size).toBe(1);
  });

  it('ends every subscriber on an upstream error or completion; the next subscriber opens a new one', () => {
    const hub = createUpstreamHub<string>();
    const up = fakeUpstream();
    const [a, b, c] = [recorder(), recorder(), recorder()];
    const leaveA = hub.subscribe('k', up.open, a.sink);
    hub.subscribe('k', up.open, b.sink);
    up.opened[0]!.error('refused');
    expect([a.seen, b.seen]).toEqual([['error:refused'], ['error:refused']]);
    leaveA();
    expect(up.stops()).toBe(0);
    hub.subscribe('k', up.open, c.sink);
    expect(up.opened).toHaveLength(2);
    up.opened[1]!.complete();
    expect(c.seen).toEqual(['complete']);
    expect(hub.size).toBe(0);
  });

  it('forgets an upstream that failed to open', () => {
    const hub = createUpstreamHub<string>();
    const a = recorder();
    expect(() =>
      hub.subscribe('k', () => {
        throw new Error('no subgraph named x');
      }, a.sink),
    ).toThrow('no subgraph named x');
    expect(hub.size).toBe(0);
  });
});
