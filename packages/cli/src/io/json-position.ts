/** Line and column (both 1-based) of a character offset in a text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Where a JSON text first breaks the grammar, and why. */
export interface JsonSyntaxProblem {
  offset: number;
  reason: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Finds the first syntax error of a JSON text (RFC 8259), for messages with a
 * line and column: `JSON.parse` does not always report a position. Returns
 * `undefined` when the text is valid. Only called after `JSON.parse` failed.
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const fail = (expected: string): never => {
    const found = at >= text.length ? 'end of input' : `'${text[at]}'`;
    throw new Stop(at, `expected ${expected}, found ${found}`);
  };
  const string = (): void => {
    at++;
    for (;;) {
      if (at >= text.length) throw new Stop(at, 'unterminated string');
      const code = text.charCodeAt(at);
      if (code === 0x22) break;
      if (code < 0x20) throw new Stop(at, 'control character in string');
      if (code === 0x5c) {
        ESCAPE.lastIndex = at;
        if (!ESCAPE.test(text)) throw new Stop(at, 'bad escape in string');
        at = ESCAPE.lastIndex;
      } else at++;
    }
    at++;
  };
  const container = (close: string, member: () => void): void => {
    at++;
    skipSpace();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      member();
      skipSpace();
      if (text[at] === ',') at++;
      else if (text[at] === close) {
        at++;
        return;
      } else fail(`',' or '${close}'`);
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') {
      container('}', () => {
        skipSpace();
        if (text[at] !== '"') fail('a double-quoted property name');
        string();
        skipSpace();
        if (text[at] !== ':') fail("':' after the property name");
        at++;
        value();
      });
      return;
    }
    if (char === '[') {
      container(']', value);
      return;
    }
    if (char === '"') {
      string();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = at;
    if (!NUMBER.test(text)) fail('a value');
    at = NUMBER.lastIndex;
  };
  try {
    value();
    skipSpace();
    if (at < text.length) fail('end of input after the value');
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}

/** Describes a JSON syntax error as `LINE:COLUMN: malformed JSON: reason`. */
export function describeJsonError(text: string, error: unknown): string {
  let problem: JsonSyntaxProblem | undefined;
  try {
    problem = findJsonSyntaxProblem(text);
  } catch {
    problem = undefined; // nesting too deep for the scanner: fall back to the parser's message
  }
  if (!problem) return `malformed JSON: ${error instanceof Error ? error.message : String(error)}`;
  const { line, column } = lineColumnAt(text, problem.offset);
  return `${line}:${column}: malformed JSON: ${problem.reason}`;
}
