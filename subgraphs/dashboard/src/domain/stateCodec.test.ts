import { describe, expect, it } from 'vitest';
import { emptyDashboard } from './dashboardState.ts';
import { decodeState, encodeState, revisionGuard } from './stateCodec.ts';

describe('dashboard state codec', () => {
  const state = { ...emptyDashboard(), revision: 7, latestExpenses: [{ id: 'e1', at: '2026-11-01T10:00:00.000Z', version: 2, deleted: false, title: 'Tea', amount: { minor: 350, currency: 'EUR' } }] };

  it('stores the state as text and reads it back', () => {
    expect(typeof encodeState(state)).toBe('string');
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it('reads a state an older build stored as an object', () => {
    expect(decodeState(state)).toBe(state);
  });

  it('guards a write on the revision where the document keeps it', () => {
    expect(revisionGuard({ _id: 'u', revision: 7 }, 7)).toEqual({ _id: 'u', revision: 7 });
    expect(revisionGuard({ _id: 'u' }, 7)).toEqual({ _id: 'u', 'state.revision': 7 });
  });
});
