// protobind's TypeScript conformance testee: the official conformance protocol on
// stdin/stdout (4-byte little-endian length + ConformanceRequest, answered the same
// way with a ConformanceResponse), one process for many requests, exit on EOF.
//
// JSON in, JSON out, through protobind-generated code only: the message's parseMJson
// and formatMJson, found in the registry by full name (its `parseJson` and
// `formatJson` are the functions the generated module exports under those names).
// Binary payloads, binary output, JSPB and text format are answered `skipped`. The two
// framing messages are protobuf binary: a small codec below reads and writes the few
// fields needed.

import { ParseError, registry } from "./gen/protobind-runtime.js";
import "./gen/google/protobuf/test_messages_proto3.js";
import "./gen/google/protobuf/test_messages_proto2.js";

const SUPPORTED = new Set([
  "protobuf_test_messages.proto3.TestAllTypesProto3",
  "protobuf_test_messages.proto2.TestAllTypesProto2",
]);

// conformance.proto field numbers.
const WIRE_JSON = 2;
const CATEGORY_JSON_IGNORE_UNKNOWN = 3;
const RESPONSE = {
  parseError: 1,
  runtimeError: 2,
  jsonPayload: 4,
  skipped: 5,
  serializeError: 6,
} as const;

interface Request {
  protobufPayload?: Uint8Array;
  jsonPayload?: string;
  otherPayload?: string;
  requestedOutputFormat: number;
  messageType: string;
  testCategory: number;
}

/** Decodes the ConformanceRequest fields the testee needs; skips the others. */
function decodeRequest(bytes: Uint8Array): Request {
  const request: Request = { requestedOutputFormat: 0, messageType: "", testCategory: 0 };
  // ignoreBOM keeps a byte order mark in the text, for the JSON parser to reject.
  const text = new TextDecoder("utf-8", { ignoreBOM: true });
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new Error("truncated varint");
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (pos < bytes.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) {
      const v = Number(BigInt.asIntN(32, varint()));
      if (field === 3) request.requestedOutputFormat = v;
      else if (field === 5) request.testCategory = v;
    } else if (wire === 2) {
      const length = Number(varint());
      const chunk = bytes.subarray(pos, pos + length);
      pos += length;
      if (field === 1) request.protobufPayload = chunk;
      else if (field === 2) request.jsonPayload = text.decode(chunk);
      else if (field === 4) request.messageType = text.decode(chunk);
      else if (field === 7 || field === 8) request.otherPayload = text.decode(chunk);
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  return request;
}

/** A ConformanceResponse with one string field of the `result` oneof set. */
function encodeResponse(field: number, value: string): Uint8Array {
  const body = new TextEncoder().encode(value);
  const head: number[] = [(field << 3) | 2];
  let n = body.length;
  while (n >= 0x80) {
    head.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  head.push(n);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

function answer(request: Request): Uint8Array {
  if (!SUPPORTED.has(request.messageType)) {
    return encodeResponse(RESPONSE.skipped, `unsupported message type ${request.messageType}`);
  }
  if (request.jsonPayload === undefined) {
    return encodeResponse(RESPONSE.skipped, "only JSON input is supported");
  }
  if (request.requestedOutputFormat !== WIRE_JSON) {
    return encodeResponse(RESPONSE.skipped, "only JSON output is supported");
  }
  const type = registry.get(request.messageType);
  if (type === undefined) {
    return encodeResponse(RESPONSE.runtimeError, `${request.messageType} is not registered`);
  }
  let parsed: unknown;
  try {
    parsed = type.parseJson(request.jsonPayload, {
      ignoreUnknownFields: request.testCategory === CATEGORY_JSON_IGNORE_UNKNOWN,
    });
  } catch (e) {
    if (e instanceof ParseError) {
      return encodeResponse(RESPONSE.parseError, e.message);
    }
    return encodeResponse(RESPONSE.runtimeError, String(e instanceof Error ? e.stack : e));
  }
  try {
    return encodeResponse(RESPONSE.jsonPayload, type.formatJson(parsed));
  } catch (e) {
    return encodeResponse(RESPONSE.serializeError, String(e));
  }
}

function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  new DataView(out.buffer).setUint32(0, payload.length, true);
  out.set(payload, 4);
  return out;
}

async function main(): Promise<void> {
  let pending = new Uint8Array(0);
  for await (const chunk of process.stdin as AsyncIterable<Uint8Array>) {
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending, 0);
    joined.set(chunk, pending.length);
    pending = joined;
    for (;;) {
      if (pending.length < 4) break;
      const length = new DataView(pending.buffer, pending.byteOffset).getUint32(0, true);
      if (pending.length < 4 + length) break;
      const body = pending.subarray(4, 4 + length);
      let response: Uint8Array;
      try {
        response = answer(decodeRequest(body));
      } catch (e) {
        response = encodeResponse(RESPONSE.runtimeError, String(e));
      }
      process.stdout.write(frame(response));
      pending = pending.slice(4 + length);
    }
  }
}

await main();
