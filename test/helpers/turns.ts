/**
 * Counting event-loop turns, for tests that a long piece of work hands the loop back (issue #19: behaviour,
 * not time). A ticker re-arms itself with setImmediate, so its count is the number of turns that passed.
 */

/** Counts the turns of the event loop (setImmediate callbacks) while `work` runs. */
export async function withTicker<T>(work: (ticks: () => number) => Promise<T>): Promise<T> {
  let ticks = 0;
  let stop = false;
  const tick = () => {
    ticks += 1;
    if (!stop) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return await work(() => ticks);
  } finally {
    stop = true;
  }
}

/** From the turn each entry was noted in: the most entries noted in one turn, and in how many turns. */
export function perTurn(turnOf: readonly number[]): { max: number; turns: number } {
  const counts = new Map<number, number>();
  for (const t of turnOf) counts.set(t, (counts.get(t) ?? 0) + 1);
  return { max: Math.max(...counts.values()), turns: counts.size };
}
