import { connectorFields } from '../../schema/connectors';
import { Rule } from './rule';

export const endpointsIgnored: Rule = {
  code: 'endpoints-ignored',
  severity: 'warning',
  check(request, report) {
    if (!connectorFields(request.kind).has('allRegions') || request.field('allRegions')?.value !== true) return;
    const endpoints = request.field('endpoints');
    if (endpoints) report(endpoints, 'endpoints is ignored because allRegions is true: every region is scanned.', { onKey: true });
  },
};
