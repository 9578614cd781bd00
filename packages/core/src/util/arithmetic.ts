import { InvalidInputError } from '../errors/invalid-input-error.js';

/**
 * Evaluates the arithmetic in a calculation step's `expression`, so a number
 * shown to a person can be checked by a machine the same way the person would.
 *
 * Grammar: numbers (`1234.5`, `1e-3`, with optional `,` thousands separators),
 * `+ - * /` and their typographic forms `− × ÷`, parentheses, unary minus,
 * and the functions `min`, `max`, `ceil`, `floor`, `round`. A trailing `%` on a
 * number divides it by 100.
 * @throws {InvalidInputError} when the expression holds anything else.
 */
export function evaluateArithmetic(expression: string): number {
  const tokens = tokenize(expression);
  let position = 0;
  const fail = (message: string): never => {
    throw new InvalidInputError({
      subject: 'arithmetic expression',
      issues: [{ path: '', message: `${message} in "${expression}"` }],
    });
  };
  const peek = () => tokens[position];
  const take = () => tokens[position++];

  const parseExpression = (): number => {
    let value = parseTerm();
    while (peek() === '+' || peek() === '-')
      value = take() === '+' ? value + parseTerm() : value - parseTerm();
    return value;
  };
  const parseTerm = (): number => {
    let value = parseFactor();
    while (peek() === '*' || peek() === '/')
      value = take() === '*' ? value * parseFactor() : value / parseFactor();
    return value;
  };
  const parseFactor = (): number => {
    const token = take();
    if (token === undefined) return fail('unexpected end');
    if (token === '-') return -parseFactor();
    if (token === '+') return parseFactor();
    if (token === '(') {
      const value = parseExpression();
      if (take() !== ')') fail('missing ")"');
      return value;
    }
    if (typeof token === 'number') return token;
    if (FUNCTIONS[token] && peek() === '(') {
      take();
      const args = [parseExpression()];
      while (peek() === ',') {
        take();
        args.push(parseExpression());
      }
      if (take() !== ')') fail(`missing ")" after ${token}(`);
      return FUNCTIONS[token](args);
    }
    return fail(`unexpected "${token}"`);
  };

  const value = parseExpression();
  if (position !== tokens.length) fail(`unexpected "${String(tokens[position])}"`);
  return value;
}

const FUNCTIONS: Record<string, (args: number[]) => number> = {
  min: (args) => Math.min(...args),
  max: (args) => Math.max(...args),
  ceil: (args) => Math.ceil(args[0]!),
  floor: (args) => Math.floor(args[0]!),
  round: (args) => Math.round(args[0]!),
};

function tokenize(expression: string): Array<number | string> {
  const tokens: Array<number | string> = [];
  const source = expression.replaceAll('−', '-').replaceAll('×', '*').replaceAll('÷', '/');
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const number = /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(e[+-]?\d+)?%?|^\.\d+%?/i.exec(source.slice(index));
    if (number) {
      const text = number[0];
      const percent = text.endsWith('%');
      const value = Number(text.replaceAll(',', '').replace('%', ''));
      tokens.push(percent ? value / 100 : value);
      index += text.length;
      continue;
    }
    const word = /^[a-z]+/i.exec(source.slice(index));
    if (word) {
      tokens.push(word[0].toLowerCase());
      index += word[0].length;
      continue;
    }
    tokens.push(char);
    index += 1;
  }
  return tokens;
}

/**
 * Tries {@link evaluateArithmetic}; returns undefined when the expression is not
 * pure arithmetic (e.g. it names a percentile in words).
 */
export function tryEvaluateArithmetic(expression: string): number | undefined {
  try {
    const value = evaluateArithmetic(expression);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
