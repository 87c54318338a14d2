/** Go reflection facts about our Value model: type names, truthiness, string length. */
import { GoStruct, type GoMap, type Value } from './types.js';

export function isMap(v: Value | undefined): v is GoMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof GoStruct);
}

/** What Go's %T prints for a value of our model. */
export function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float64';
    case 'string': return 'string';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof GoStruct) return v.typeName;
  return 'map[string]interface {}';
}

/** text/template's isTrue: the zero value of a type is false; empty slices and maps are false. */
export function isTrue(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoStruct) return true;
  for (const _k in v) return true;
  return false;
}

/** Byte length of a string in UTF-8 (Go's len of a string). */
export function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
