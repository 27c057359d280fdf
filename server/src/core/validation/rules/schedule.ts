import { shortName } from '../../finding';
import { closest } from '../../suggest';
import { describe } from '../location';
import { checkTimeZone, timeZoneNames } from '../timezones';
import { formatRule, RequestView, Rule } from './rule';

const WRAPPERS = ['set', 'add', 'update', 'remove'];

/** Each scan configuration of the connector: its wrapper (set, add...) and its JSON pointer. */
function* scanConfigurations(request: RequestView): Generator<{ wrapper: string; base: string }> {
  for (const wrapper of WRAPPERS) {
    const list = request.field(`connectorScanConfig/${wrapper}/ConnectorScanConfiguration`)?.value;
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) yield { wrapper, base: `connectorScanConfig/${wrapper}/ConnectorScanConfiguration/${i}` };
  }
}

export const daysWithoutWeekly: Rule = {
  code: 'days-without-weekly',
  severity: 'warning',
  check(request, report) {
    for (const { base } of scanConfigurations(request)) {
      const recurrence = request.field(`${base}/recurrence`)?.value;
      const days = request.field(`${base}/daysOfWeek`);
      // `Weekly` is WEEKLY miscased: its own finding (invalid-enum, with a fix) is the one cause to report.
      if (!days || (typeof recurrence === 'string' && recurrence.toUpperCase() === 'WEEKLY')) continue;
      const now = typeof recurrence === 'string' ? `recurrence is ${shortName(recurrence)} here` : 'recurrence is not set';
      report(days, `daysOfWeek applies only when recurrence is WEEKLY; ${now}, so the days are ignored.`, { onKey: true });
    }
  },
};

export const weeklyWithoutDays: Rule = {
  code: 'weekly-without-days',
  severity: 'warning',
  check(request, report) {
    for (const { wrapper, base } of scanConfigurations(request)) {
      const recurrence = request.field(`${base}/recurrence`);
      if (recurrence && recurrence.value === 'WEEKLY' && !request.field(`${base}/daysOfWeek`) && wrapper !== 'remove') {
        report(recurrence, 'recurrence is WEEKLY but daysOfWeek is missing: say on which days to scan.');
      }
    }
  },
};

export const unknownTimezone = formatRule('unknown-timezone', 'error', 'iana-timezone', (value) => {
  const check = checkTimeZone(value);
  if (check.ok) return undefined;
  const suggestion = check.suggestion ?? closest(value, timeZoneNames());
  return { message: `Unknown timezone ${describe(value)}: expected an IANA time zone name such as Africa/Cairo.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, fix: suggestion ? { replacement: suggestion } : undefined };
});

export const dateDayFirst = formatRule('date-day-first', 'warning', 'date-mdy', (value) => {
  const fixed = readDate(value)?.dayFirst;
  if (!fixed) return undefined;
  return { message: `startDate "${value}" reads as dd/mm/yyyy; the documented form is mm/dd/yyyy (${fixed}). The documentation's own samples send dd/mm/yyyy, so check which your platform expects.`, fix: { replacement: fixed } };
});

export const invalidDate = formatRule('invalid-date', 'error', 'date-mdy', (value) => {
  const date = readDate(value);
  return date && !date.real && !date.dayFirst ? { message: `startDate "${value}" is not a real date: expected mm/dd/yyyy, such as 05/31/2022.` } : undefined;
});

/**
 * An m/d/yyyy date read as documented and, when that is no real date, the other way round:
 * `dayFirst` is the documented form of a date that is real only as dd/mm/yyyy. Undefined when the
 * text is not of that shape (the schema's pattern reports the shape).
 */
function readDate(value: string): { real: boolean; dayFirst?: string } | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!m) return undefined;
  const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (realDate(year, a, b)) return { real: true };
  if (realDate(year, b, a)) return { real: false, dayFirst: `${m[2].padStart(2, '0')}/${m[1].padStart(2, '0')}/${m[3]}` };
  return { real: false };
}

/** A real yyyy-mm-dd date written mm/dd/yyyy ("2026-01-31" → "01/31/2026"); undefined for anything else. */
export function mdyOfIsoDate(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m || !realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return `${m[2]}/${m[3]}/${m[1]}`;
}

function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
