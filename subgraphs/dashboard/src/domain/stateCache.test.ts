import { describe, expect, it } from 'vitest';
import { emptyDashboard, type DashboardState } from './dashboardState.ts';
import { createStateCache } from './stateCache.ts';

const at = (revision: number): DashboardState => ({ ...emptyDashboard(), revision });

describe('dashboard state cache', () => {
  it('given a state written here, then it is served until a newer revision is heard of', () => {
    const cache = createStateCache();
    cache.offer('u', at(3));
    expect(cache.get('u')?.revision).toBe(3);
    cache.heard('u', 3); // our own notice coming back from Kafka
    expect(cache.get('u')?.revision).toBe(3);
    cache.heard('u', 4); // another replica's change
    expect(cache.get('u')).toBeUndefined();
  });

  it('given a read that began before a notice and returns the older revision, then it is not kept', () => {
    const cache = createStateCache();
    cache.heard('u', 5);
    cache.offer('u', at(4));
    expect(cache.get('u')).toBeUndefined();
    cache.offer('u', at(5));
    expect(cache.get('u')?.revision).toBe(5);
  });

  it('given an older state offered after a newer one, then the newer stays', () => {
    const cache = createStateCache();
    cache.offer('u', at(7));
    cache.offer('u', at(6));
    expect(cache.get('u')?.revision).toBe(7);
    expect(cache.get('v')).toBeUndefined();
  });

  it('given an entry older than maxAgeMs, then it is read again (a purge on another replica has no notice)', () => {
    let clock = 0;
    const cache = createStateCache({ maxAgeMs: 1_000, now: () => clock });
    cache.offer('u', at(9));
    clock = 999;
    cache.offer('u', at(10)); // written again: still the same entry's age
    expect(cache.get('u')?.revision).toBe(10);
    clock = 1_001;
    expect(cache.get('u')).toBeUndefined();
    cache.offer('u', at(1)); // the dashboard as re-created after a purge
    expect(cache.get('u')?.revision).toBe(1);
  });

  it('given a purge here, then the user is forgotten', () => {
    const cache = createStateCache();
    cache.offer('u', at(2));
    cache.forget('u');
    expect(cache.get('u')).toBeUndefined();
  });
});
