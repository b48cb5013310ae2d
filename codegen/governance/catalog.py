"""buf's rule catalogue: IDs, categories and purposes, as `buf config ls-lint-rules` and
`buf config ls-breaking-rules` (buf 1.75) list them for config versions v1 and v2.

v1 calls the lint category STANDARD "DEFAULT"; the listing prints both as STANDARD.
Generated once from those listings; the rule IDs are buf's public contract.
"""
from __future__ import annotations
from dataclasses import dataclass

@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    v1: tuple[str, ...]
    """Categories under buf.yaml v1 (None-like empty tuple: not in v1)."""
    v2: tuple[str, ...]
    purpose: str
    in_v1: bool = True
    in_v2: bool = True
    default: bool = True
    """breaking: whether the rule is in buf's default set."""


LINT_RULES: tuple[RuleInfo, ...] = (
    # Deprecated in buf, still accepted by ID (listed with --include-deprecated).
    RuleInfo('IMPORT_NO_WEAK', (), (), 'Checks that imports are not weak.', in_v1=True, in_v2=True, default=False),
    RuleInfo('DIRECTORY_SAME_PACKAGE', ('MINIMAL', 'BASIC', 'DEFAULT'), ('MINIMAL', 'BASIC', 'STANDARD'), 'Checks that all files in a given directory are in the same package.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_DEFINED', ('MINIMAL', 'BASIC', 'DEFAULT'), ('MINIMAL', 'BASIC', 'STANDARD'), 'Checks that all files have a package defined.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_DIRECTORY_MATCH', ('MINIMAL', 'BASIC', 'DEFAULT'), ('MINIMAL', 'BASIC', 'STANDARD'), 'Checks that all files are in a directory that matches their package name.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_DIRECTORY', ('MINIMAL', 'BASIC', 'DEFAULT'), ('MINIMAL', 'BASIC', 'STANDARD'), 'Checks that all files with a given package are in the same directory.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_FIRST_VALUE_ZERO', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all first values of enums have a numeric value of 0.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_NO_ALLOW_ALIAS', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that enums do not have the allow_alias option set.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_PASCAL_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that enums are PascalCase.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_VALUE_UPPER_SNAKE_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that enum values are UPPER_SNAKE_CASE.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_LOWER_SNAKE_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that field names are lower_snake_case.', in_v1=True, in_v2=True, default=True),
    RuleInfo('IMPORT_NO_PUBLIC', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that imports are not public.', in_v1=True, in_v2=True, default=True),
    RuleInfo('IMPORT_USED', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that imports are used.', in_v1=True, in_v2=True, default=True),
    RuleInfo('MESSAGE_PASCAL_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that messages are PascalCase.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ONEOF_LOWER_SNAKE_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that oneof names are lower_snake_case.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_LOWER_SNAKE_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that packages are lower_snake.case.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_CSHARP_NAMESPACE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files with a given package have the same value for the csharp_namespace option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_GO_PACKAGE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files with a given package have the same value for the go_package option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_JAVA_MULTIPLE_FILES', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files with a given package have the same value for the java_multiple_files option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_JAVA_PACKAGE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files with a given package have the same value for the java_package option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_PHP_NAMESPACE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files with a given package have the same value for the php_namespace option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_RUBY_PACKAGE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files with a given package have the same value for the ruby_package option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_SAME_SWIFT_PREFIX', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files with a given package have the same value for the swift_prefix option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_PASCAL_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that RPCs are PascalCase.', in_v1=True, in_v2=True, default=True),
    RuleInfo('SERVICE_PASCAL_CASE', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that services are PascalCase.', in_v1=True, in_v2=True, default=True),
    RuleInfo('SYNTAX_SPECIFIED', ('BASIC', 'DEFAULT'), ('BASIC', 'STANDARD'), 'Checks that all files have a syntax specified.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_VALUE_PREFIX', ('DEFAULT',), ('STANDARD',), 'Checks that enum values are prefixed with ENUM_NAME_UPPER_SNAKE_CASE.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_ZERO_VALUE_SUFFIX', ('DEFAULT',), ('STANDARD',), 'Checks that enum zero values have a consistent suffix (configurable, default suffix is "_UNSPECIFIED").', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_LOWER_SNAKE_CASE', ('DEFAULT',), ('STANDARD',), 'Checks that filenames are lower_snake_case.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_VERSION_SUFFIX', ('DEFAULT',), ('STANDARD',), 'Checks that the last component of all packages is a version of the form v\\d+, v\\d+test.*, v\\d+(alpha|beta)\\d+, or v\\d+p\\d+(alpha|beta)\\d+, where numbers are >=1.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PROTOVALIDATE', ('DEFAULT',), ('STANDARD',), 'Checks that protovalidate rules are valid and all CEL expressions compile.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_REQUEST_RESPONSE_UNIQUE', ('DEFAULT',), ('STANDARD',), 'Checks that RPC request and response types are only used in one RPC (configurable).', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_REQUEST_STANDARD_NAME', ('DEFAULT',), ('STANDARD',), 'Checks that RPC request type names are RPCNameRequest or ServiceNameRPCNameRequest (configurable).', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_RESPONSE_STANDARD_NAME', ('DEFAULT',), ('STANDARD',), 'Checks that RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse (configurable).', in_v1=True, in_v2=True, default=True),
    RuleInfo('SERVICE_SUFFIX', ('DEFAULT',), ('STANDARD',), 'Checks that services have a consistent suffix (configurable, default suffix is "Service").', in_v1=True, in_v2=True, default=True),
    RuleInfo('COMMENT_ENUM', ('COMMENTS',), ('COMMENTS',), 'Checks that enums have non-empty comments.', in_v1=True, in_v2=True, default=False),
    RuleInfo('COMMENT_ENUM_VALUE', ('COMMENTS',), ('COMMENTS',), 'Checks that enum values have non-empty comments.', in_v1=True, in_v2=True, default=False),
    RuleInfo('COMMENT_FIELD', ('COMMENTS',), ('COMMENTS',), 'Checks that fields have non-empty comments.', in_v1=True, in_v2=True, default=False),
    RuleInfo('COMMENT_MESSAGE', ('COMMENTS',), ('COMMENTS',), 'Checks that messages have non-empty comments.', in_v1=True, in_v2=True, default=False),
    RuleInfo('COMMENT_ONEOF', ('COMMENTS',), ('COMMENTS',), 'Checks that oneofs have non-empty comments.', in_v1=True, in_v2=True, default=False),
    RuleInfo('COMMENT_RPC', ('COMMENTS',), ('COMMENTS',), 'Checks that RPCs have non-empty comments.', in_v1=True, in_v2=True, default=False),
    RuleInfo('COMMENT_SERVICE', ('COMMENTS',), ('COMMENTS',), 'Checks that services have non-empty comments.', in_v1=True, in_v2=True, default=False),
    RuleInfo('RPC_NO_CLIENT_STREAMING', ('UNARY_RPC',), ('UNARY_RPC',), 'Checks that RPCs are not client streaming.', in_v1=True, in_v2=True, default=False),
    RuleInfo('RPC_NO_SERVER_STREAMING', ('UNARY_RPC',), ('UNARY_RPC',), 'Checks that RPCs are not server streaming.', in_v1=True, in_v2=True, default=False),
    RuleInfo('PACKAGE_NO_IMPORT_CYCLE', (), ('MINIMAL', 'BASIC', 'STANDARD'), 'Checks that packages do not have import cycles.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_NOT_REQUIRED', (), ('BASIC', 'STANDARD'), 'Checks that fields are not configured to be required.', in_v1=False, in_v2=True, default=True),
    RuleInfo('STABLE_PACKAGE_NO_IMPORT_UNSTABLE', (), (), 'Checks that all files that have stable versioned packages do not import packages with unstable version packages.', in_v1=False, in_v2=True, default=False),
)

BREAKING_RULES: tuple[RuleInfo, ...] = (
    # Deprecated in buf, still accepted by ID (listed with --include-deprecated).
    RuleInfo('FIELD_SAME_CTYPE', (), (), 'Checks that fields have the same value for the ctype option.', in_v1=True, in_v2=False, default=False),
    RuleInfo('FIELD_SAME_LABEL', (), (), 'Checks that fields have the same labels in a given message.', in_v1=True, in_v2=False, default=False),
    RuleInfo('FILE_SAME_JAVA_STRING_CHECK_UTF8', (), (), 'Checks that files have the same value for the java_string_check_utf8 option.', in_v1=True, in_v2=False, default=False),
    RuleInfo('FILE_SAME_PHP_GENERIC_SERVICES', (), (), 'Checks that files have the same value for the php_generic_services option.', in_v1=True, in_v2=False, default=False),
    RuleInfo('MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT', (), (), 'Checks that messages have the same value for the message_set_wire_format option.', in_v1=True, in_v2=True, default=False),
    RuleInfo('ENUM_NO_DELETE', ('FILE',), ('CSR', 'FILE'), 'Checks that enums are not deleted from a given file.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_NO_DELETE', ('FILE',), ('CSR', 'FILE'), 'Checks that files are not deleted.', in_v1=True, in_v2=True, default=True),
    RuleInfo('MESSAGE_NO_DELETE', ('FILE',), ('CSR', 'FILE'), 'Checks that messages are not deleted from a given file.', in_v1=True, in_v2=True, default=True),
    RuleInfo('SERVICE_NO_DELETE', ('FILE',), ('FILE',), 'Checks that services are not deleted from a given file.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_SAME_TYPE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that enums have the same type (open vs closed).', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_VALUE_NO_DELETE', ('FILE', 'PACKAGE'), ('CSR', 'FILE', 'PACKAGE'), 'Checks that enum values are not deleted from a given enum.', in_v1=True, in_v2=True, default=True),
    RuleInfo('EXTENSION_MESSAGE_NO_DELETE', ('FILE', 'PACKAGE'), ('CSR', 'FILE', 'PACKAGE'), 'Checks that extension ranges are not deleted from a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_NO_DELETE', ('FILE', 'PACKAGE'), ('CSR', 'FILE', 'PACKAGE'), 'Checks that fields are not deleted from a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_CARDINALITY', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that fields have the same cardinalities in a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_CPP_STRING_TYPE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that fields have the same C++ string type, based on ctype field option or (pb.cpp).string_type feature.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_JAVA_UTF8_VALIDATION', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that fields have the same Java string UTF8 validation, based on java_string_check_utf8 file option or (pb.java).utf8_validation feature.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_JSTYPE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that fields have the same value for the jstype option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_TYPE', ('FILE', 'PACKAGE'), ('CSR', 'FILE', 'PACKAGE'), 'Checks that fields have the same types in a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_UTF8_VALIDATION', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that string fields have the same UTF8 validation mode.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_CC_ENABLE_ARENAS', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the cc_enable_arenas option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_CC_GENERIC_SERVICES', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the cc_generic_services option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_CSHARP_NAMESPACE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the csharp_namespace option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_GO_PACKAGE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the go_package option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_JAVA_GENERIC_SERVICES', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the java_generic_services option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_JAVA_MULTIPLE_FILES', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the java_multiple_files option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_JAVA_OUTER_CLASSNAME', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the java_outer_classname option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_JAVA_PACKAGE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the java_package option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_OBJC_CLASS_PREFIX', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the objc_class_prefix option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_OPTIMIZE_FOR', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the optimize_for option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_PHP_CLASS_PREFIX', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the php_class_prefix option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_PHP_METADATA_NAMESPACE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the php_metadata_namespace option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_PHP_NAMESPACE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the php_namespace option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_PY_GENERIC_SERVICES', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the py_generic_services option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_RUBY_PACKAGE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the ruby_package option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_SWIFT_PREFIX', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that files have the same value for the swift_prefix option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_SYNTAX', ('FILE', 'PACKAGE'), ('CSR', 'FILE', 'PACKAGE'), 'Checks that files have the same syntax.', in_v1=True, in_v2=True, default=True),
    RuleInfo('MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR', ('FILE', 'PACKAGE'), ('CSR', 'FILE', 'PACKAGE'), 'Checks that messages do not change the no_standard_descriptor_accessor option from false or unset to true.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ONEOF_NO_DELETE', ('FILE', 'PACKAGE'), ('CSR', 'FILE', 'PACKAGE'), 'Checks that oneofs are not deleted from a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_NO_DELETE', ('FILE', 'PACKAGE'), ('FILE', 'PACKAGE'), 'Checks that rpcs are not deleted from a given service.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_SAME_JSON_FORMAT', ('FILE', 'PACKAGE', 'WIRE_JSON'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'), 'Checks that enums have the same JSON format support.', in_v1=True, in_v2=True, default=True),
    RuleInfo('ENUM_VALUE_SAME_NAME', ('FILE', 'PACKAGE', 'WIRE_JSON'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'), 'Checks that enum values have the same name.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_JSON_NAME', ('FILE', 'PACKAGE', 'WIRE_JSON'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'), 'Checks that fields have the same value for the json_name option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_NAME', ('FILE', 'PACKAGE', 'WIRE_JSON'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'), 'Checks that fields have the same names in a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('MESSAGE_SAME_JSON_FORMAT', ('FILE', 'PACKAGE', 'WIRE_JSON'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'), 'Checks that messages have the same JSON format support.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_ONEOF', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that fields have the same oneofs in a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('FILE_SAME_PACKAGE', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that files have the same package.', in_v1=True, in_v2=True, default=True),
    RuleInfo('MESSAGE_SAME_REQUIRED_FIELDS', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that messages have no added or deleted required fields.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RESERVED_ENUM_NO_DELETE', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that reserved ranges and names are not deleted from a given enum.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RESERVED_MESSAGE_NO_DELETE', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that reserved ranges and names are not deleted from a given message.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_SAME_CLIENT_STREAMING', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that rpcs have the same client streaming value.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_SAME_IDEMPOTENCY_LEVEL', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that rpcs have the same value for the idempotency_level option.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_SAME_REQUEST_TYPE', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that rpcs are have the same request type.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_SAME_RESPONSE_TYPE', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that rpcs are have the same response type.', in_v1=True, in_v2=True, default=True),
    RuleInfo('RPC_SAME_SERVER_STREAMING', ('FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that rpcs have the same server streaming value.', in_v1=True, in_v2=True, default=True),
    RuleInfo('PACKAGE_ENUM_NO_DELETE', ('PACKAGE',), ('PACKAGE',), 'Checks that enums are not deleted from a given package.', in_v1=True, in_v2=True, default=False),
    RuleInfo('PACKAGE_MESSAGE_NO_DELETE', ('PACKAGE',), ('PACKAGE',), 'Checks that messages are not deleted from a given package.', in_v1=True, in_v2=True, default=False),
    RuleInfo('PACKAGE_NO_DELETE', ('PACKAGE',), ('PACKAGE',), 'Checks that packages are not deleted.', in_v1=True, in_v2=True, default=False),
    RuleInfo('PACKAGE_SERVICE_NO_DELETE', ('PACKAGE',), ('PACKAGE',), 'Checks that services are not deleted from a given package.', in_v1=True, in_v2=True, default=False),
    RuleInfo('ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED', ('WIRE_JSON',), ('CSR', 'WIRE_JSON'), 'Checks that enum values are not deleted from a given enum unless the name is reserved.', in_v1=True, in_v2=True, default=False),
    RuleInfo('FIELD_NO_DELETE_UNLESS_NAME_RESERVED', ('WIRE_JSON',), ('CSR', 'WIRE_JSON'), 'Checks that fields are not deleted from a given message unless the name is reserved.', in_v1=True, in_v2=True, default=False),
    RuleInfo('FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY', ('WIRE_JSON',), ('CSR', 'WIRE_JSON'), 'Checks that fields have wire and JSON compatible cardinalities in a given message.', in_v1=True, in_v2=True, default=False),
    RuleInfo('FIELD_WIRE_JSON_COMPATIBLE_TYPE', ('WIRE_JSON',), ('CSR', 'WIRE_JSON'), 'Checks that fields have wire and JSON compatible types in a given message.', in_v1=True, in_v2=True, default=False),
    RuleInfo('ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED', ('WIRE_JSON', 'WIRE'), ('CSR', 'WIRE_JSON', 'WIRE'), 'Checks that enum values are not deleted from a given enum unless the number is reserved.', in_v1=True, in_v2=True, default=False),
    RuleInfo('FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED', ('WIRE_JSON', 'WIRE'), ('CSR', 'WIRE_JSON', 'WIRE'), 'Checks that fields are not deleted from a given message unless the number is reserved.', in_v1=True, in_v2=True, default=False),
    RuleInfo('FIELD_WIRE_COMPATIBLE_CARDINALITY', ('WIRE',), ('WIRE',), 'Checks that fields have wire-compatible cardinalities in a given message.', in_v1=True, in_v2=True, default=False),
    RuleInfo('FIELD_WIRE_COMPATIBLE_TYPE', ('WIRE',), ('WIRE',), 'Checks that fields have wire-compatible types in a given message.', in_v1=True, in_v2=True, default=False),
    RuleInfo('EXTENSION_NO_DELETE', (), ('FILE',), 'Checks that extensions are not deleted from a given file.', in_v1=False, in_v2=True, default=True),
    RuleInfo('FIELD_SAME_DEFAULT', (), ('CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'), 'Checks that fields have the same default value, if a default is specified.', in_v1=False, in_v2=True, default=True),
    RuleInfo('PACKAGE_EXTENSION_NO_DELETE', (), ('PACKAGE',), 'Checks that extensions are not deleted from a given package.', in_v1=False, in_v2=True, default=False),
)

