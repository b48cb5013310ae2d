import {
  ParseError,
  formatJson,
  parseTimestamp,
  registry,
  type MessageType,
} from "../basics/protobind-runtime.js";
import {
  formatOrderJson,
  parseOrder,
  parseOrderJson,
  type Order,
  type OrderService,
} from "../basics/shop/v1/order.js";
import { Status } from "../basics/shop/v1/status.js";
import type { Object$, delete$ } from "../names/class.js";
import type { Keys, Profile } from "../profile_proto_number/profile.js";

export const order: Order = {
  id: "o-1",
  lines: [{ sku: "a", quantity: 2, kind: "KIND_DIGITAL" }],
  total: { currencyCode: "EUR", units: "12", nanos: 0 },
  status: 7, // open enum: unknown numbers are valid
  createdAt: "2024-01-01T00:00:00Z",
  metadata: { a: [1, "x", null, { b: true }] },
  counters: { a: "1" },
  weights: [1.5, "NaN", "-Infinity"],
};
// @ts-expect-error int64 is a string under the default profile
export const badUnits: Order = { total: { units: 12 } };
// @ts-expect-error not a value name
export const badStatus: Status = "STATUS_CLOSED";
// @ts-expect-error optional properties never hold undefined
export const undef: Order = { id: undefined };

export const profile: Profile = { big_number: 1, many_numbers: [2], by_number: { "3": 4 } };
export const keys: Keys = { __proto__: "p", constructor: "c", with_dash: "d" };
export const object: Object$ = { constructor: "x", class: 1 };

export async function consume(service: OrderService): Promise<number> {
  let n = 0;
  for await (const o of service.watchOrders({ id: "x" })) {
    n += o.lines?.length ?? 0;
  }
  const r = await service.getOrder({ id: "x" });
  return n + (r.id?.length ?? 0);
}

export function methods(service: delete$): unknown {
  return [service.constructor$, service.toString$, service.getObject$1, service.httpFetch];
}

export const emptyObject: Object$ = {};
export function inherited(o: Object$): string | undefined {
  const c = o.constructor; // absent: the inherited Function
  return typeof c === "string" ? c : undefined;
}

// Parse functions return the interface; options are typed.
export const parsed: Order = parseOrder({ id: "x" });
export const viaText: Order = parseOrderJson("{}", { ignoreUnknownFields: true });
// @ts-expect-error unknown option
parseOrder({}, { ignoreUnknown: true });
export const statusNumber: number = Status.number("STATUS_OPEN");
export const statusName: Status | undefined = Status.name(1);
// @ts-expect-error not a value name
Status.number("NOPE");
export const stamp: string = parseTimestamp("1970-01-01T00:00:00+01:00");
export const fromRegistry: MessageType | undefined = registry.get("shop.v1.Order");

// The printer takes the interface and returns the text.
export const printed: string = formatOrderJson(parsed);
// @ts-expect-error int64 is a string under the default profile
formatOrderJson({ sequence: 5 });
export const printedByName: string = formatJson("shop.v1.Order", order);
export const printedByType: string | undefined = fromRegistry?.formatJson(order);
export function where(e: unknown): string {
  return e instanceof ParseError ? `${e.path}: ${e.problem}` : "";
}
