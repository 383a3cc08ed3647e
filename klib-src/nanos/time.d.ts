/* Bindings: kernel clocks and timers. */
import type { timestamp, u64 } from '../dialect';
import type { TimerHandler } from './runtime';

/** @c clock_id @include kernel.h */
export const enum ClockId {
    /** @c CLOCK_ID_REALTIME */ Realtime = 0,
    /** @c CLOCK_ID_MONOTONIC */ Monotonic = 1,
}
/** The kernel's timer queue. @c timerqueue @include kernel.h */
export interface TimerQueue { readonly __kind: 'timerqueue' }
/** A timer, stored by value in its owner. @struct timer @c timer @include kernel.h */
export interface Timer { readonly __kind: 'timer' }

/** @c kernel_timers */ export declare const kernelTimers: TimerQueue;
/** The overruns value a cancelled timer's handler receives. @c timer_disabled */
export declare const TIMER_DISABLED: u64;
/** @c seconds */ export declare function seconds(n: u64): timestamp;
/** @c milliseconds */ export declare function milliseconds(n: u64): timestamp;
/** @c kern_now */ export declare function kernNow(clock: ClockId): timestamp;
/** @c init_timer */ export declare function initTimer(t: Timer): void;
/** @c timer_is_active */ export declare function timerIsActive(t: Timer): boolean;
/** @c register_timer */
export declare function registerTimer(q: TimerQueue, t: Timer, clock: ClockId, val: timestamp,
                                      absolute: boolean, interval: timestamp, h: TimerHandler): void;
/** @c remove_timer($q, $t, 0) */ export declare function removeTimer(q: TimerQueue, t: Timer): boolean;
