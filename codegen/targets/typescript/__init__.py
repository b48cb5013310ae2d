"""The TypeScript target (DESIGN §4): ES modules describing the ProtoJSON shape."""

from codegen.targets.typescript.target import TARGET, TypeScriptTarget

__all__ = ["TARGET", "TypeScriptTarget"]
