/**
 * Splits one CSV line (RFC 4180 quoting: `"a,b"`, `""` for a quote) into
 * trimmed fields. Returns a string reason when a quote is unterminated or
 * followed by text; quoted fields cannot span lines here.
 */
export function splitCsvLine(line: string): string[] | string {
  if (!line.includes('"')) {
    const fields = line.split(',');
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index]!;
      if (field.length > 0 && (field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32)) {
        fields[index] = field.trim();
      }
    }
    return fields;
  }
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') at++;
    if (line[at] === '"') {
      let value = '';
      at++;
      for (;;) {
        const quote = line.indexOf('"', at);
        if (quote < 0) return 'unterminated quoted field (fields cannot span lines)';
        value += line.slice(at, quote);
        at = quote + 1;
        if (line[at] === '"') {
          value += '"';
          at++;
        } else break;
      }
      while (at < line.length && line.charCodeAt(at) <= 32) at++;
      if (at < line.length && line[at] !== ',')
        return `unexpected text after a quoted field at column ${at + 1}`;
      fields.push(value);
    } else {
      const comma = line.indexOf(',', at);
      const end = comma < 0 ? line.length : comma;
      const value = line.slice(at, end).trim();
      if (value.includes('"')) return `stray quote in field "${value}"`;
      fields.push(value);
      at = end;
    }
    if (at >= line.length) return fields;
    at++; // the comma
    if (at === line.length) {
      fields.push('');
      return fields;
    }
  }
}

/** Quotes a CSV field when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record (no line break). */
export function csvRow(fields: readonly (string | number | undefined)[]): string {
  return fields.map(csvField).join(',');
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO-8601 date-time with a zone (`2026-07-01T00:00:00Z`, offsets
 * allowed) to epoch milliseconds, or returns why it is not one.
 */
export function parseIsoDateTime(text: string): number | string {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return `timestamp "${text}" is not an ISO-8601 date-time (e.g. 2026-07-01T00:00:00Z)`;
  if (match[7] === undefined) return `timestamp "${text}" has no time zone (add Z for UTC)`;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return `timestamp "${text}" is not a valid date-time`;
  }
  return Date.parse(text);
}

/**
 * A copy of `text` that does not keep its source alive. V8 makes substrings
 * (fields of a line, lines of a read chunk) views of their parent, so a field
 * kept as a map key would pin the whole 64 KiB chunk it came from.
 */
export function detach(text: string): string {
  return (' ' + text).slice(1);
}
