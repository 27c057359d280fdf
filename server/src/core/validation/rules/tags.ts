import { shortName } from '../../finding';
import { describe } from '../location';
import { Rule } from './rule';

export const duplicateTag: Rule = {
  code: 'duplicate-tag',
  severity: 'warning',
  check(request, report) {
    for (const list of request.bound.checked) {
      if (list.name !== 'TagSimple' || !Array.isArray(list.value)) continue;
      const seen = new Set<unknown>();
      list.value.forEach((tag: unknown, i) => {
        const id = tag && typeof tag === 'object' ? (tag as Record<string, unknown>).id : undefined;
        if (id === undefined) return;
        const loc = seen.has(id) ? list.child(i)?.child('id') : undefined;
        if (loc) report(loc, `Tag ${describe(id)} is listed more than once in ${shortName(list.path.replace(/^ServiceRequest\.data\.\w+\./, ''))}.`);
        seen.add(id);
      });
    }
  },
};
