// The calendar arithmetic behind the syslog timestamps, run as TypeScript under Node, against
// JavaScript's Date for every day from 1970 to 2400 (leap years, centuries, 2000 and 2400).
import t from 'tap';
import { civilDay, civilMonth, civilYear } from '../../klib-src/syslog/civil.ts';

const DAY_MS = 86400000;
const last = Date.UTC(2400, 11, 31) / DAY_MS;
let wrong = 0;
let firstWrong = '';
for (let days = 0; days <= last; days++) {
    const d = new Date(days * DAY_MS);
    const want = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    const got = [civilYear(days), civilMonth(days), civilDay(days)];
    if (got.join('-') !== want.join('-')) {
        wrong++;
        if (!firstWrong) firstWrong = `day ${days}: got ${got.join('-')}, want ${want.join('-')}`;
    }
}
t.equal(wrong, 0, `every day from 1970-01-01 to 2400-12-31 ${firstWrong}`);
