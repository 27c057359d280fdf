import type { Format } from '../../server/src/core/tree';

/**
 * The one place that maps a request format to the names VS Code uses for it, so the commands,
 * snippet loading and conversion cannot disagree.
 */
import { FORMATS } from '../../server/src/core/format';

export { FORMATS };

/** Human label, as shown in quick picks and messages. */
export const FORMAT_LABEL: Readonly<Record<Format, string>> = { xml: 'XML', json: 'JSON', yaml: 'YAML' };

/** The extension's own language id for a format: new documents get it so the server treats them as requests. */
export const QUALYS_LANGUAGE: Readonly<Record<Format, string>> = {
  xml: 'qualys-xml',
  json: 'qualys-json',
  yaml: 'qualys-yaml',
};

/**
 * Languages the server is told about. Plain xml/json/yaml are included because a request may be an
 * ordinary file (root `ServiceRequest` or matched by `qualys.files.include`); the server decides.
 */
export const SERVED_LANGUAGES: readonly string[] = [...Object.values(QUALYS_LANGUAGE), 'xml', 'json', 'jsonc', 'yaml'];

/** The formats in the order a picker offers them: the preferred one (`qualys.connectors.format`) first, marked. */
export function formatChoices(preferred: string | undefined): { label: string; description?: string; value: Format }[] {
  const first = FORMATS.find((f) => f === preferred);
  return [...(first ? [first] : []), ...FORMATS.filter((f) => f !== first)].map((f) => ({ label: FORMAT_LABEL[f], ...(f === first ? { description: 'qualys.connectors.format' } : {}), value: f }));
}
