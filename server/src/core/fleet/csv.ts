/**
 * CSV as RFC 4180 writes it (and spreadsheets and `oci`/`jq -r @csv` export it): fields split on
 * commas, a field in double quotes may hold commas, line breaks and `""` for a quote; lines end in
 * LF or CRLF; a byte order mark is not content. One pass over the text: linear in its length.
 */
export type CsvRead = { rows: string[][] } | { problem: string; line: number };

export function parseCsv(text: string): CsvRead {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Whether the current field was quoted (its text is complete at the closing quote).
  let quoted = false;
  const endRow = (): void => {
    row.push(field);
    // A blank line (one empty unquoted field) is no row: files end with one, spreadsheets leave some.
    if (!(row.length === 1 && row[0] === '' && !quoted)) rows.push(row);
    row = [];
    field = '';
    quoted = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      if (field !== '' || quoted) return { problem: 'a quote inside a field that does not start with one (write the field in quotes, and a quote in it as "")', line };
      const start = line;
      quoted = true;
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) return { problem: 'a quoted field is never closed', line: start };
        const part = text.slice(i, close);
        for (let n = part.indexOf('\n'); n >= 0; n = part.indexOf('\n', n + 1)) line++;
        field += part;
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      const next = text[i];
      if (i < text.length && next !== ',' && next !== '\n' && next !== '\r') return { problem: 'text after a quoted field\'s closing quote (a quote in a field is written "")', line };
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      quoted = false;
    } else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
    } else {
      if (quoted) return { problem: 'text after a quoted field\'s closing quote', line };
      // Up to the next delimiter at once: a long field costs one slice, not one concatenation per character.
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r' && text[end] !== '"') end++;
      field += text.slice(i, end);
      i = end;
      continue;
    }
    i++;
  }
  if (field !== '' || quoted || row.length > 0) endRow();
  return { rows };
}
