// The calendar arithmetic behind every timestamp the klibs write and read (klib-src/lib/time_format.ts:
// syslog's RFC 3339 and RFC 3164 headers, Cloud Logging, SigV4, the times IMDS and structured lines
// give), run as TypeScript under Node against JavaScript's Date for every day from 1970 to 2400
// (leap years, centuries, 2000 and 2400), and for days from civil dates also back to year 1.
import t from 'tap';
import { civilDate, daysFromCivil } from '../../klib-src/lib/time_format.ts';

const DAY_MS = 86400000;

function everyDay(from: number, to: number, check: (days: number, d: Date) => string | undefined): string[] {
    const wrong: string[] = [];
    for (let days = from; days <= to; days++) {
        const problem = check(days, new Date(days * DAY_MS));
        if (problem !== undefined) wrong.push(`day ${days}: ${problem}`);
    }
    return wrong;
}

t.test('civilDate: the date of a day count', async t => {
    const wrong = everyDay(0, Date.UTC(2400, 11, 31) / DAY_MS, (days, d) => {
        const want = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
        const got = civilDate(days);
        return got === want ? undefined : `got ${got}, want ${want}`;
    });
    t.same(wrong.slice(0, 3), [], `every day from 1970-01-01 to 2400-12-31 (${wrong.length} wrong)`);
});

t.test('daysFromCivil: the day count of a date, its inverse', async t => {
    const year1 = new Date(0);
    year1.setUTCFullYear(1, 0, 1);
    const wrong = everyDay(year1.getTime() / DAY_MS, Date.UTC(2400, 11, 31) / DAY_MS, (days, d) => {
        const got = daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
        return got === days ? undefined : `got ${got}`;
    });
    t.same(wrong.slice(0, 3), [], `every day from 0001-01-01 to 2400-12-31 (${wrong.length} wrong)`);
});
