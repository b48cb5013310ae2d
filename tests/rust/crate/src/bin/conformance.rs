//! protobind's Rust conformance testee (DESIGN §6): the official protocol on stdin/stdout
//! (4-byte little-endian length + a serialized ConformanceRequest; the same framing for
//! the ConformanceResponse; exit 0 on EOF).
//!
//! `conformance json|proto string|number` picks the JSON profile: each profile is its own
//! generated tree in the library. Binary payloads go through prost (the generated structs
//! derive `prost::Message`), JSON through the generated serde/ProtoJSON code. Nothing
//! else touches either format.

use std::io::{Read, Write};

use prost::Message;
use protobind_rust_tests::conformance_json_string::conformance::{
    conformance_request::Payload, conformance_response::Result as Res, ConformanceRequest,
    ConformanceResponse, FailureSet, TestCategory, WireFormat,
};

const PROTO3: &str = "protobuf_test_messages.proto3.TestAllTypesProto3";
const PROTO2: &str = "protobuf_test_messages.proto2.TestAllTypesProto2";

macro_rules! profile {
    ($name:ident, $tree:ident) => {
        mod $name {
            use super::{Payload, Res, TestCategory, WireFormat, PROTO2, PROTO3};
            use prost::Message;
            use protobind_rust_tests::$tree as g;
            use g::protobindrt as rt;

            fn run<T: rt::Json + Message + Default>(
                payload: &Payload,
                output: WireFormat,
                ignore_unknown: bool,
            ) -> Res {
                let message: T = match payload {
                    Payload::ProtobufPayload(b) => match T::decode(b.as_slice()) {
                        Ok(m) => m,
                        Err(e) => return Res::ParseError(e.to_string()),
                    },
                    Payload::JsonPayload(s) => {
                        let options = rt::Options {
                            ignore_unknown_fields: ignore_unknown,
                        };
                        match rt::from_str::<T>(s, &options) {
                            Ok(m) => m,
                            Err(e) => return Res::ParseError(e.to_string()),
                        }
                    }
                    _ => return Res::Skipped("only binary and JSON input".into()),
                };
                match output {
                    WireFormat::Protobuf => Res::ProtobufPayload(message.encode_to_vec()),
                    WireFormat::Json => match rt::to_string(&message) {
                        Ok(s) => Res::JsonPayload(s),
                        Err(e) => Res::SerializeError(e.to_string()),
                    },
                    _ => Res::Skipped("only binary and JSON output".into()),
                }
            }

            pub fn answer(
                message_type: &str,
                payload: &Payload,
                output: WireFormat,
                category: TestCategory,
            ) -> Res {
                let ignore = category == TestCategory::JsonIgnoreUnknownParsingTest;
                match message_type {
                    PROTO3 => run::<g::protobuf_test_messages::proto3::TestAllTypesProto3>(
                        payload, output, ignore,
                    ),
                    PROTO2 => run::<g::protobuf_test_messages::proto2::TestAllTypesProto2>(
                        payload, output, ignore,
                    ),
                    other => Res::Skipped(format!("message type {other} not supported")),
                }
            }
        }
    };
}

profile!(json_string, conformance_json_string);
profile!(json_number, conformance_json_number);
profile!(proto_string, conformance_proto_string);
profile!(proto_number, conformance_proto_number);

type Answer = fn(&str, &Payload, WireFormat, TestCategory) -> Res;

fn answer(profile: Answer, request: &ConformanceRequest) -> Res {
    if request.message_type == "conformance.FailureSet" {
        return Res::ProtobufPayload(FailureSet::default().encode_to_vec());
    }
    let Some(payload) = &request.payload else {
        return Res::RuntimeError("request without payload".into());
    };
    let output = request.requested_output_format();
    profile(&request.message_type, payload, output, request.test_category())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let profile: Answer = match (args.get(1).map(String::as_str), args.get(2).map(String::as_str)) {
        (Some("json"), Some("string")) | (None, None) => json_string::answer,
        (Some("json"), Some("number")) => json_number::answer,
        (Some("proto"), Some("string")) => proto_string::answer,
        (Some("proto"), Some("number")) => proto_number::answer,
        _ => {
            eprintln!("usage: conformance [json|proto string|number]");
            std::process::exit(2);
        }
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let (mut input, mut output) = (stdin.lock(), stdout.lock());
    loop {
        let mut header = [0u8; 4];
        match input.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return,
            Err(e) => panic!("reading a request: {e}"),
        }
        let mut body = vec![0u8; u32::from_le_bytes(header) as usize];
        input.read_exact(&mut body).expect("truncated request");
        let result = match ConformanceRequest::decode(body.as_slice()) {
            Ok(request) => answer(profile, &request),
            Err(e) => Res::RuntimeError(format!("bad request: {e}")),
        };
        let response = ConformanceResponse {
            result: Some(result),
        }
        .encode_to_vec();
        output
            .write_all(&(response.len() as u32).to_le_bytes())
            .and_then(|()| output.write_all(&response))
            .and_then(|()| output.flush())
            .expect("writing a response");
    }
}
