// The calendar arithmetic behind every timestamp the klibs write (klib-src/lib/time_format.ts:
// syslog's RFC 3339 and RFC 3164 headers, Cloud Logging, SigV4), run as TypeScript under Node
// against JavaScript's Date for every day from 1970 to 2400 (leap years, centuries, 2000 and 2400).
import t from 'tap';
import { civilDate } from '../../klib-src/lib/time_format.ts';

const DAY_MS = 86400000;
const last = Date.UTC(2400, 11, 31) / DAY_MS;
let wrong = 0;
let firstWrong = '';
for (let days = 0; days <= last; days++) {
    const d = new Date(days * DAY_MS);
    const want = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    const got = civilDate(days);
    if (got !== want) {
        wrong++;
        if (!firstWrong) firstWrong = `day ${days}: got ${got}, want ${want}`;
    }
}
t.equal(wrong, 0, `every day from 1970-01-01 to 2400-12-31 ${firstWrong}`);
