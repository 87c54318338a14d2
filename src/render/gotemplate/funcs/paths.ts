/** Go's path package as Sprig exposes it: base, dir, ext, clean, isAbs (slash-separated, never the OS). */
import type { FuncMap } from '../types.js';
import { needString } from './values.js';

/** path.Clean: collapse slashes, drop `.`, resolve `..` lexically; "" is ".". */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(seg);
  }
  const body = out.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

function base(p: string): string {
  if (p === '') return '.';
  let s = p;
  while (s.length > 0 && s.endsWith('/')) s = s.slice(0, -1);
  if (s === '') return '/';
  return s.slice(s.lastIndexOf('/') + 1);
}

function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

export function pathFuncs(): FuncMap {
  return {
    base: (_c, p) => base(needString('base', p)),
    dir: (_c, p) => {
      const s = needString('dir', p);
      return cleanPath(s.slice(0, s.lastIndexOf('/') + 1));
    },
    ext: (_c, p) => ext(needString('ext', p)),
    clean: (_c, p) => cleanPath(needString('clean', p)),
    isAbs: (_c, p) => needString('isAbs', p).startsWith('/'),
  };
}
