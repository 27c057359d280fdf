import { Bound } from '../../bind';
import { Finding } from '../../finding';
import { BodySchema, ConnectorKind } from '../../model';
import { endpointsIgnored } from './endpoints';
import { missingAzureAuth, quotedValue, readOnlyField } from './fields';
import { notEqualsUpdate } from './filters';
import { suspiciousArn, suspiciousFingerprint, suspiciousGuid, suspiciousOcid, suspiciousProjectId } from './identifiers';
import { cpsWithoutSetting, missingScanConfig, scanConfigUnused } from './scanSetting';
import { dateDayFirst, daysWithoutWeekly, invalidDate, unknownTimezone, weeklyWithoutDays } from './schedule';
import { finding, Rule, RequestView } from './rule';
import { duplicateTag } from './tags';
import { emptySet, gcpCreateType, pcWithSca, recurrenceMonthly, unlistedRunFrequency } from './disputed';

/** Every rule, one per finding code: what runs, in this order, after the schema's own findings. */
export const RULES: readonly Rule[] = [
  cpsWithoutSetting,
  missingScanConfig,
  scanConfigUnused,
  daysWithoutWeekly,
  weeklyWithoutDays,
  endpointsIgnored,
  notEqualsUpdate,
  suspiciousGuid,
  suspiciousArn,
  suspiciousProjectId,
  suspiciousOcid,
  suspiciousFingerprint,
  unknownTimezone,
  dateDayFirst,
  invalidDate,
  duplicateTag,
  quotedValue,
  readOnlyField,
  missingAzureAuth,
  emptySet,
  recurrenceMonthly,
  unlistedRunFrequency,
  pcWithSca,
  gcpCreateType,
];

/** The findings of every rule on a bound request. */
export function ruleFindings(bound: Bound, kind: ConnectorKind, schema: BodySchema): Finding[] {
  const findings: Finding[] = [];
  const request = new RequestView(bound, kind, schema);
  for (const rule of RULES) rule.check(request, (loc, message, how) => findings.push(finding(rule, loc, message, how)));
  return findings;
}
