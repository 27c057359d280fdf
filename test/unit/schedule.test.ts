import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';

/** The findings (code: message) of one scan configuration in an update, as the editor shows them. */
function findings(config: Record<string, unknown>, wrapper = 'set', list = false): string[] {
  const text = JSON.stringify({
    ServiceRequest: { data: { AwsAssetDataConnector: { connectorScanConfig: { [wrapper]: { ConnectorScanConfiguration: list ? [config, { ...config }] : config } } } } },
  });
  return analyze(text, 'aws-update.qualys.json', undefined, { record: { recorded: { operation: 'update', id: 5 } } })
    .findings.filter((f) => f.severity !== 'information')
    .map((f) => `${f.code}: ${f.message}`);
}

const DAYS = { set: { Day: ['MON'] } };
const BASE = { optionProfileId: 2, scanPrefix: 'p', startTime: '15:45' };

describe('scan schedules: what the editor says about dates, days and zones', () => {
  it('says days without a weekly recurrence are ignored, naming the recurrence or its absence', () => {
    assert.deepEqual(findings({ ...BASE, recurrence: 'DAILY', daysOfWeek: DAYS }), ['days-without-weekly: daysOfWeek applies only when recurrence is WEEKLY; recurrence is DAILY here, so the days are ignored.']);
    assert.deepEqual(findings({ ...BASE, daysOfWeek: DAYS }), ['days-without-weekly: daysOfWeek applies only when recurrence is WEEKLY; recurrence is not set, so the days are ignored.']);
    assert.deepEqual(findings({ ...BASE, recurrence: 'WEEKLY', daysOfWeek: DAYS }), []);
    assert.deepEqual(findings({ ...BASE, recurrence: 'DAILY' }), []);
  });

  it('checks every configuration of a list, under every wrapper', () => {
    for (const wrapper of ['set', 'add', 'update']) {
      assert.equal(findings({ ...BASE, recurrence: 'WEEKLY' }, wrapper, true).filter((f) => f.startsWith('weekly-without-days: recurrence is WEEKLY but daysOfWeek is missing')).length, 2, wrapper);
    }
    assert.equal(findings({ ...BASE, recurrence: 'DAILY', daysOfWeek: DAYS }, 'remove', true).filter((f) => f.startsWith('days-without-weekly')).length, 2);
  });

  it('reads a start date as mm/dd/yyyy, offers the documented form of a day-first one, and refuses a date that is none', () => {
    assert.deepEqual(findings({ ...BASE, startDate: '05/31/2022' }), []);
    assert.deepEqual(findings({ ...BASE, startDate: '5/1/2022' }), []);
    assert.deepEqual(findings({ ...BASE, startDate: '02/29/2024' }), [], 'a leap day');
    assert.deepEqual(findings({ ...BASE, startDate: '12/31/2022' }), []);
    assert.deepEqual(findings({ ...BASE, startDate: '01/01/2022' }), []);
    assert.deepEqual(findings({ ...BASE, startDate: '31/5/2022' }), [
      'date-day-first: startDate "31/5/2022" reads as dd/mm/yyyy; the documented form is mm/dd/yyyy (05/31/2022). The documentation\'s own samples send dd/mm/yyyy, so check which your platform expects.',
    ]);
    assert.deepEqual(findings({ ...BASE, startDate: '13/12/2022' }).map((f) => f.split(':')[0]), ['date-day-first']);
    for (const shape of ['x31/05/2022', '31/05/20222', '31/05/2022 ']) {
      assert.deepEqual(findings({ ...BASE, startDate: shape }).filter((f) => /^(date-day-first|invalid-date)/.test(f)), [], `${shape}: the schema's pattern speaks, not the date rules`);
    }
    for (const none of ['02/29/2023', '00/10/2022', '10/00/2022', '13/13/2022', '32/01/2022', '04/31/2022', '31/31/2022']) {
      assert.deepEqual(findings({ ...BASE, startDate: none }), [`invalid-date: startDate "${none}" is not a real date: expected mm/dd/yyyy, such as 05/31/2022.`], none);
    }
  });

  it('knows a time zone by its IANA name and suggests the closest', () => {
    assert.deepEqual(findings({ ...BASE, timezone: 'Africa/Cairo' }), []);
    assert.deepEqual(findings({ ...BASE, timezone: 'Africa/Ciaro' }), ['unknown-timezone: Unknown timezone "Africa/Ciaro": expected an IANA time zone name such as Africa/Cairo. Did you mean "Africa/Cairo"?']);
    assert.deepEqual(findings({ ...BASE, timezone: 'qqqqqqqqqqqqqqqqqqqq' }), ['unknown-timezone: Unknown timezone "qqqqqqqqqqqqqqqqqqqq": expected an IANA time zone name such as Africa/Cairo.'], 'nothing close: no guess');
    const text = JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { connectorScanConfig: { set: { ConnectorScanConfiguration: { ...BASE, timezone: 'Mars/Olympus' } } } } } } });
    const severities = analyze(text, 'aws-update.qualys.json', undefined, { record: { recorded: { operation: 'update', id: 5 } } }).findings.filter((f) => f.code === 'unknown-timezone').map((f) => f.severity);
    assert.deepEqual(severities, ['error'], 'Qualys refuses an unknown zone: an error, which send asks about');
  });
});
