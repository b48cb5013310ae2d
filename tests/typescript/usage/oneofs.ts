// Type-level behaviour of the generated shapes: compiled against the goldens by
// test_golden.py::test_goldens_compile. `@ts-expect-error` lines must fail to compile.
import type { Choice, Inherited, OnlyOneof } from "../oneofs/choice.js";

export const none: Choice = {};
export const one: Choice = { id: "x", number: 1, flag: true };
export const nested: Choice = { nested: { text: "inner" } };
export const nothing: Choice = { nothing: null };
// @ts-expect-error two members of one oneof
export const two: Choice = { number: 1, text: "x" };
// @ts-expect-error a oneof member cannot be undefined (exactOptionalPropertyTypes)
export const undef: OnlyOneof = { a: undefined };
// @ts-expect-error unknown key
export const unknown: OnlyOneof = { c: "x" };

export function narrow(c: Choice): number {
  if (c.number !== undefined) {
    // @ts-expect-error narrowed: text is absent
    const t: string = c.text;
    return c.number + t.length;
  }
  return c.text?.length ?? 0;
}

export const inheritedNone: Inherited = {};
export const inheritedOne: Inherited = { toString: "x" };
// @ts-expect-error two members of one oneof
export const inheritedTwo: Inherited = { plain: true, valueOf: 1 };
