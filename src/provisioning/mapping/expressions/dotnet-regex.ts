// .NET regular expressions (Entra's Replace and REGEX MATCH) on JavaScript's engine: the syntax .NET users write
// is translated where JavaScript differs, and what JavaScript cannot do is refused with a clear message.

const INLINE_OPTIONS = /^\(\?([imsx]+)\)/;
const FLAG_OF: Record<string, string> = { i: 'i', m: 'm', s: 's' };

/** Translates .NET-only constructs outside character classes: `(?'n'…)`, `\A`, `\z`, `\Z`; refuses atomic groups and inline options mid-pattern. */
function translate(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'z') out += '$';
      else if (!inClass && next === 'Z') out += '(?=\\n?$)';
      else out += ch + next;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (pattern[i + 1] === ']') out += pattern[++i]; // a leading "]" is literal in .NET
      continue;
    }
    if (ch === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('>')) throw new Error('atomic groups "(?>…)" are not supported');
      if (/^[imsxn-]+[:)]/.test(rest)) throw new Error('inline options such as "(?i)" are supported only at the start of the pattern');
      const quoted = /^'([A-Za-z_][A-Za-z0-9_]*)'/.exec(rest);
      if (quoted) {
        out += `(?<${quoted[1]}>`;
        i += 2 + quoted[0].length - 1;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

const cache = new Map<string, RegExp>();
const MAX_CACHED = 500;

/**
 * Compiles a .NET pattern as a JavaScript RegExp (global, with match indices), caching by pattern and flags.
 * Leading inline options `(?i)` become flags; `\p{…}` turns on Unicode mode. Throws an Error for what cannot be translated.
 */
export function dotNetRegex(pattern: string, ignoreCase = false): RegExp {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  const cached = cache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  let flags = `gd${ignoreCase ? 'i' : ''}`;
  let body = pattern;
  const inline = INLINE_OPTIONS.exec(body);
  if (inline) {
    for (const o of inline[1]) if (FLAG_OF[o] && !flags.includes(FLAG_OF[o])) flags += FLAG_OF[o];
    body = body.slice(inline[0].length);
  }
  if (/\\[pP]\{/.test(body)) flags += 'u';
  let re: RegExp;
  try {
    re = new RegExp(translate(body), flags);
  } catch (err) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`);
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, re);
  return re;
}

/** Expands .NET substitutions in a replacement: `$1`, `${name}`, `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`; unknown groups stay literal. */
export function expandSubstitutions(replacement: string, match: RegExpExecArray, input: string): string {
  if (!replacement.includes('$')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    const next = replacement[i + 1];
    if (ch !== '$' || next === undefined) {
      out += ch;
      continue;
    }
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '&') {
      out += match[0];
      i++;
    } else if (next === '`') {
      out += input.slice(0, match.index);
      i++;
    } else if (next === "'") {
      out += input.slice(match.index + match[0].length);
      i++;
    } else if (next === '_') {
      out += input;
      i++;
    } else if (next === '+') {
      out += match[match.length - 1] ?? '';
      i++;
    } else if (next === '{') {
      const close = replacement.indexOf('}', i + 2);
      const name = close > 0 ? replacement.slice(i + 2, close) : '';
      const value = /^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name];
      if (close > 0 && (value !== undefined || (match.groups && name in match.groups) || (/^\d+$/.test(name) && Number(name) < match.length))) {
        out += value ?? '';
        i = close;
      } else {
        out += ch;
      }
    } else if (next >= '0' && next <= '9') {
      let end = i + 1;
      while (end + 1 < replacement.length && /\d/.test(replacement[end + 1]) && Number(replacement.slice(i + 1, end + 2)) < match.length) end++;
      const n = Number(replacement.slice(i + 1, end + 1));
      if (n < match.length) {
        out += match[n] ?? '';
        i = end;
      } else {
        out += ch;
      }
    } else {
      out += ch;
    }
  }
  return out;
}
