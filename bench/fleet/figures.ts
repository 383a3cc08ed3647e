// What the fleet bench counts from the requests one mock received from all its VMs: each VM's
// request rate (over the time its program was writing, so the setup before and the drain at exit
// are not mistaken for the steady pace), the busiest second, the shortest gap between two of its
// requests, lines per request, and write -> received latency of lines that carry their write time.

/** One log request the mock accepted: which VM sent it (its stream or log id), when it arrived, its lines. */
export interface Batch {
  vm: number;
  time: number;
  lines: string[];
}

export interface VmFigures {
  vm: number;
  requests: number;
  lines: number;
  /** The steady window: from the first line written to the last (ms since the epoch). */
  from: number;
  to: number;
  /** Requests per second in the steady window: one over the mean gap between its requests. */
  perSecond: number;
  /** The arrival times of the requests in the steady window. */
  steady: number[];
  /** The most requests that arrived in any one second of the steady window. */
  busiestSecond: number;
  /** The shortest time between two consecutive requests of the steady window (ms; Infinity: fewer than two). */
  shortestGap: number;
  /** Arrival minus write time, for each line that carries its write time (ms). */
  latencies: number[];
}

/** The most of `times` (sorted, ms) that fall in any window of `windowMs`. */
export function busiest(times: number[], windowMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** The p-quantile (0..1) of sorted numbers; NaN when there are none. */
export function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export function median(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/**
 * The figures of one VM. `writtenAt` gives a line's write time when the line carries one (the
 * steady-rate program's lines do); otherwise the steady window is from `startedAt` (klibhost's
 * start) to the VM's last request.
 */
export function vmFigures(vm: number, batches: Batch[], startedAt: number,
                          writtenAt: (line: string) => number | null): VmFigures {
  const mine = batches.filter(b => b.vm === vm).sort((a, b) => a.time - b.time);
  const latencies: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const b of mine) {
    for (const line of b.lines) {
      const t = writtenAt(line);
      if (t === null) continue;
      latencies.push(b.time - t);
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
  }
  const from = latencies.length > 0 ? first : startedAt;
  const to = latencies.length > 0 ? last : (mine.at(-1)?.time ?? startedAt);
  const steady = mine.map(b => b.time).filter(t => t >= from && t <= to);
  let shortestGap = Infinity;
  for (let i = 1; i < steady.length; i++) shortestGap = Math.min(shortestGap, steady[i] - steady[i - 1]);
  return {
    vm,
    requests: mine.length,
    lines: mine.reduce((n, b) => n + b.lines.length, 0),
    from, to,
    perSecond: steady.length > 1 ? (steady.length - 1) / ((steady[steady.length - 1] - steady[0]) / 1000) : NaN,
    steady,
    busiestSecond: busiest(steady, 1000),
    shortestGap,
    latencies: latencies.sort((a, b) => a - b),
  };
}
