import { Rule } from './rule';

export const notEqualsUpdate: Rule = {
  code: 'not-equals-update',
  severity: 'error',
  check(request, report) {
    if (request.schema !== 'update') return;
    const criteria = request.at('/ServiceRequest/filters/Criteria')?.value;
    if (!Array.isArray(criteria)) return;
    criteria.forEach((c, i) => {
      const op = request.at(`/ServiceRequest/filters/Criteria/${i}/operator`);
      if (op && c && typeof c === 'object' && (c as Record<string, unknown>).operator === 'NOT EQUALS') {
        report(op, 'NOT EQUALS is refused for updates: it could update unknown connectors without warning. Filter with EQUALS, IN or CONTAINS.');
      }
    });
  },
};
