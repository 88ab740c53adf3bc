"""Keeps a spurious CPython error from failing a fuzz run.

CPython 3.11 before 3.11.5 (Debian bookworm ships 3.11.2) can raise
``SystemError: AST constructor recursion depth mismatch`` from ``ast.parse``
at random: the AST constructor's depth count goes wrong on an error path
(CPython issue gh-106905). Hypothesis parses a module's source only to
describe a lambda (in a strategy's repr, or when it reads a filter's
bounds); Schemathesis builds such filters while it walks the schemas, and
the error ended two operations of one CI run with a runtime error that had
nothing to do with the API.

The description is asked for again once; if the error repeats, the lambda
is described as one whose source cannot be found, as Hypothesis itself does
when it cannot read the source. Only descriptions change, never the values
drawn. Nothing is patched on a Python without the bug.
"""

import sys

from hypothesis.internal import lambda_sources

SPURIOUS_ERROR = "AST constructor recursion depth mismatch"


def affected(version=sys.version_info) -> bool:
    return version[:2] == (3, 11) and tuple(version[:3]) < (3, 11, 5)


def tolerant(describe):
    """`describe` (Hypothesis's lambda description) retried once after the spurious error, then given up on."""

    def describe_lambda(f, *args, **kwargs):
        for _ in range(2):
            try:
                return describe(f, *args, **kwargs)
            except SystemError as error:
                if SPURIOUS_ERROR not in str(error):
                    raise
        return "lambda: <unknown>"

    return describe_lambda


# The inner function, which both of Hypothesis's callers reach through the module (and its caches).
if affected():
    lambda_sources._lambda_description = tolerant(lambda_sources._lambda_description)
