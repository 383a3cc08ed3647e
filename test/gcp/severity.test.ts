// Severity detection (klib-src/gcp/severity.ts is pure: the same TypeScript runs here under Node;
// the compiled C is checked end to end by the acceptance and logging tests).
import t from 'tap';
import { detectSeverity, Severity, severityName, severityOfWord } from '../../klib-src/gcp/severity.ts';

const detect = (line: string) => {
  const b = Buffer.from(line, 'utf8');
  return severityName(detectSeverity(b, 0, b.length) as Severity);
};

const cases: [string, string][] = [
  ['ERROR: disk', 'ERROR'], ['error disk', 'ERROR'], ['err: x', 'ERROR'], ['Error', 'ERROR'],
  ['errors: 3', 'DEFAULT'], ['erroneous', 'DEFAULT'], ['  WARN x', 'WARNING'], ['warning: x', 'WARNING'],
  ['[warn] x', 'WARNING'], ['[WARNING] x', 'WARNING'], ['[warnings: 3]', 'DEFAULT'], ['[info x', 'DEFAULT'],
  ['INFO x', 'INFO'], ['information', 'INFO'], ['notice: x', 'NOTICE'], ['debug x', 'DEBUG'], ['TRACE x', 'DEBUG'],
  ['crit: x', 'CRITICAL'], ['FATAL x', 'CRITICAL'], ['critical', 'CRITICAL'], ['alert!', 'ALERT'],
  ['emerg x', 'EMERGENCY'], ['panic: x', 'EMERGENCY'], ['<0>x', 'EMERGENCY'], ['<3>x', 'ERROR'], ['<4>x', 'WARNING'],
  ['<7>x', 'DEBUG'], ['<14>x', 'INFO'], ['<191>x', 'DEBUG'], ['<192>x', 'DEFAULT'], ['<1234>x', 'DEFAULT'], ['<>x', 'DEFAULT'],
  ['<3', 'DEFAULT'], ['', 'DEFAULT'], ['   ', 'DEFAULT'], ['hello ERROR', 'DEFAULT'], ['info_level', 'DEFAULT'],
];

t.test('line prefixes', async t => {
  for (const [line, expected] of cases) t.equal(detect(line), expected, JSON.stringify(line));
});

t.test('whole words (a JSON severity or level value)', async t => {
  const word = (w: string) => {
    const b = Buffer.from(w);
    return severityName(severityOfWord(b, 0, b.length, true) as Severity);
  };
  t.equal(word('WARNING'), 'WARNING');
  t.equal(word('warn'), 'WARNING');
  t.equal(word('Error'), 'ERROR');
  t.equal(word('error!'), 'DEFAULT', 'a whole word only');
  t.equal(word('info x'), 'DEFAULT');
  t.equal(word(''), 'DEFAULT');
});
