// Waiting for events instead of for time. A program under klibhost often has to hold still until
// something only the test can see has happened (the mock accepted the first batch, a server is up
// again), and the test often has to act (delete a log group, expire credentials) exactly then. A
// sleep guesses how long that takes and breaks when the machine is busy; a gate waits for it.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../host/lib/klibhost.ts';

/** How often conditions on the test's side are looked at (not a deadline: nothing depends on it). */
const POLL_MS = 20;
/**
 * A program gives up waiting after this long, so that a test whose gate never opens still ends
 * instead of hanging: the shell then says so on the console and exits with status 124, which
 * fails the test (a gate that never opens is a broken cue, never a pass). No passing run comes
 * near it.
 */
const GIVE_UP_SECONDS = 300;

export interface Gate {
  /** A shell command that returns once the gate is open. */
  readonly wait: string;
  /** A shell condition (for `if`, `until`) that holds once the gate is open. */
  readonly isOpen: string;
  /** Opens the gate (once; later calls do nothing). */
  open(): void;
}

/** A gate that the test opens by hand. */
export function gate(): Gate {
  const flag = join(tempDir('gate-'), 'open');
  const ticks = GIVE_UP_SECONDS * 20;
  return {
    wait: `i=0; while [ ! -e ${flag} ] && [ $i -lt ${ticks} ]; do sleep 0.05; i=$((i+1)); done; ` +
      `[ -e ${flag} ] || { echo "gate: not opened within ${GIVE_UP_SECONDS} s" >&2; exit 124; }`,
    isOpen: `[ -e ${flag} ]`,
    open: () => { if (!existsSync(flag)) writeFileSync(flag, ''); },
  };
}

/**
 * Resolves once `condition()` holds (checked now and then every few milliseconds). The check does
 * not keep the process alive by itself: a condition that never comes true ends with the test.
 */
export function until(condition: () => boolean): Promise<void> {
  return new Promise(resolve => {
    if (condition()) return resolve();
    const poll = setInterval(() => {
      if (!condition()) return;
      clearInterval(poll);
      resolve();
    }, POLL_MS);
    poll.unref();
  });
}

/**
 * A shell command that waits until `condition()` holds on the test's side; `then`, if given, runs
 * at that moment, before the program goes on (a fault cued on what a mock has seen).
 */
export function when(condition: () => boolean, then: () => void = () => {}): string {
  return gateWhen(condition, then).wait;
}

/** A gate that opens by itself once `condition()` holds, after running `then`. */
export function gateWhen(condition: () => boolean, then: () => void = () => {}): Gate {
  const g = gate();
  void until(condition).then(() => {
    then();
    g.open();
  });
  return g;
}

/**
 * klibhost's console echo as it arrives (pass `feed` as klibhost's onStdout), for conditions on
 * what the klibs have been given: klibhost echoes a chunk after every console driver got it.
 */
export class ConsoleSeen {
  text = '';
  bytes = 0;
  readonly feed = (chunk: Buffer): void => {
    this.bytes += chunk.length;
    this.text += chunk.toString('latin1');
  };

  /** Lines of the echo that start with `prefix`. */
  lines(prefix: string): string[] {
    return this.text.split('\n').filter(l => l.startsWith(prefix));
  }
}
