"""The conformance driver: feeds protobind's testees and checks them against json_format.

See docs/conformance.md. Layout:
    oracle.py      _pb2 of the conformance protos (compiled by grpc_tools' protoc) and the
                   expected result of any request, computed with protobuf's json_format
    jsonvalue.py   profile transforms (int64 as numbers) and schema-aware comparison of
                   JSON values and of binary messages
    protocol.py    Testee: one testee subprocess, pipelined length-prefixed requests
    driver.py      requests, checking responses, random and hand-written runs, shrinking,
                   summaries
    strategies.py  random TestAllTypesProto3/Proto2 messages (seeded random or hypothesis)
    variants.py    alternative JSON inputs the spec allows for a message
    cases.py       hand-written cases, one or more per ProtoJSON rule
    testees.py     building testees per language and profile (cached, in parallel)
"""
