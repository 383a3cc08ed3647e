// The civil (proleptic Gregorian, UTC) date of a day count since 1970-01-01, after H. Hinnant's
// days-to-civil algorithm, in unsigned arithmetic since our days are never before 1970. Three small
// functions instead of one returning a triple: the dialect has no tuples, and the cost is a few
// divisions. Pure: test/syslog/civil.test.ts runs it under Node against JavaScript's Date.
import { u64 } from '../dialect';

// Day 0 of a calendar whose years start on March 1st (so that February, with its leap day, ends
// a year) is 719468 days before 1970-01-01; 146097 days make a 400-year era.
const EPOCH_SHIFT: u64 = 719468;
const DAYS_PER_ERA: u64 = 146097;

function dayOfEra(days: u64): u64 {
    return (days + EPOCH_SHIFT) % DAYS_PER_ERA;
}

function yearOfEra(doe: u64): u64 {
    return Math.trunc((doe - Math.trunc(doe / 1460) + Math.trunc(doe / 36524) - Math.trunc(doe / 146096)) / 365);
}

function dayOfYear(doe: u64): u64 {
    const yoe = yearOfEra(doe);
    return doe - (365 * yoe + Math.trunc(yoe / 4) - Math.trunc(yoe / 100));
}

/** The month (1-12) of a day count since 1970-01-01. */
export function civilMonth(days: u64): u64 {
    const mp = Math.trunc((5 * dayOfYear(dayOfEra(days)) + 2) / 153);
    return mp < 10 ? mp + 3 : mp - 9;
}

/** The day of the month (1-31) of a day count since 1970-01-01. */
export function civilDay(days: u64): u64 {
    const doy = dayOfYear(dayOfEra(days));
    const mp = Math.trunc((5 * doy + 2) / 153);
    return doy - Math.trunc((153 * mp + 2) / 5) + 1;
}

/** The year of a day count since 1970-01-01. */
export function civilYear(days: u64): u64 {
    const era = Math.trunc((days + EPOCH_SHIFT) / DAYS_PER_ERA);
    const year = yearOfEra(dayOfEra(days)) + era * 400;
    return civilMonth(days) <= 2 ? year + 1 : year;
}
