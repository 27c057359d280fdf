import { Format, ParseResult } from '../tree';
import { parseJson } from './json';
import { parseXml } from './xml';
import { parseYaml } from './yaml';

export function parse(text: string, format: Format): ParseResult {
  switch (format) {
    case 'xml':
      return parseXml(text);
    case 'json':
      return parseJson(text);
    case 'yaml':
      return parseYaml(text);
  }
}
