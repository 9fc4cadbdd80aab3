"""LDAP search filters (RFC 4515) and distinguished names (RFC 4514), checked by hand-written parsers.

Hand-written because importing ldap3 cost about 40 ms of a 550 ms synth, against a hard start-up budget, and
we only need to say whether a string parses and, if not, why. ldap3 stays as the oracle of the property tests
(tests/construct/test_ldap_syntax.py), which also list where the two disagree.

Both parsers read the text once, left to right (linear time); filter nesting is capped at MAX_FILTER_DEPTH so
that a hostile filter gets a message rather than a RecursionError. Positions in messages are 0-based offsets
into the text as given.
"""

from __future__ import annotations

from string import ascii_letters, digits, hexdigits

__all__ = ["MAX_FILTER_DEPTH", "dn_problem", "filter_problem"]

MAX_FILTER_DEPTH = 64

_ALPHA = frozenset(ascii_letters)
_DIGIT = frozenset(digits)
_KEYCHAR = _ALPHA | _DIGIT | {"-"}  # RFC 4512 keychar: descriptors and attribute options
_HEX = frozenset(hexdigits)
# RFC 4514: what may follow a backslash (besides two hex digits), and what a string value must not hold bare.
_DN_ESCAPABLE = frozenset(' "#+,;<=>\\')
# RFC 4514 allows a bare '=' in a value, but there it nearly always means a missing ',' (and ldap3, which this
# module replaces, refused it too).
_DN_MUST_ESCAPE = frozenset('"+,;<=>\\')


class _Invalid(Exception):
    """Raised inside the parsers; its text is the message the caller shows."""


def filter_problem(text: str) -> str | None:
    """Why ``text`` is not one LDAP search filter, or None."""
    try:
        _FilterParser(text).parse()
    except _Invalid as exc:
        return str(exc)
    return None


def dn_problem(text: str) -> str | None:
    """Why ``text`` is not a distinguished name, or None."""
    try:
        _parse_dn(text)
    except _Invalid as exc:
        return str(exc)
    return None


def _show(char: str) -> str:
    return repr(char)  # quoted, and a control character stays visible


def _oid(text: str, start: int, end: int, what: str) -> int:
    """The end of the descriptor or numeric OID (RFC 4512 ``oid``) at ``start``."""
    pos = start
    if pos < end and text[pos] in _ALPHA:
        while pos < end and text[pos] in _KEYCHAR:
            pos += 1
        return pos
    while pos < end and (text[pos] in _DIGIT or text[pos] == "."):
        pos += 1
    token = text[start:pos]
    if not token:
        found = _show(text[start]) if start < end else "the end"
        raise _Invalid(f"expected {what} at position {start}, found {found}")
    numbers = token.split(".")
    if len(numbers) < 2 or any(not n or (len(n) > 1 and n[0] == "0") for n in numbers):
        raise _Invalid(f"'{token}' at position {start} is neither a name (starting with a letter) "
                       "nor a numeric OID (such as 2.5.4.3)")
    return pos


class _FilterParser:
    """Recursive descent over RFC 4515; each method returns the position just past what it read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.end = len(text.rstrip())  # parse text.strip() in place, so positions match what the user wrote

    def parse(self) -> None:
        start = len(self.text) - len(self.text.lstrip())
        if start >= self.end:
            raise _Invalid("empty filter")
        if self.text[start] != "(":
            raise _Invalid(f"a filter starts with '(' (found {_show(self.text[start])} at position {start})")
        pos = self.filter(start, 1)
        if pos < self.end:
            if self.text[pos:self.end].lstrip().startswith("("):
                raise _Invalid(f"missing boolean operator at position {pos}: combine filters with '&' or '|', "
                               "e.g. (&(a=b)(c=d))")
            if self.text[pos] == ")":
                raise _Invalid(f"unbalanced parentheses: ')' at position {pos} closes nothing")
            raise _Invalid(f"text after the filter at position {pos}")

    def char(self, pos: int, open_: int) -> str:
        """The character at ``pos`` inside the filter opened at ``open_``."""
        if pos >= self.end:
            raise _Invalid(f"unbalanced parentheses: '(' at position {open_} is never closed")
        return self.text[pos]

    def close(self, pos: int, open_: int) -> int:
        char = self.char(pos, open_)
        if char == ")":
            return pos + 1
        if char.isspace():
            raise _Invalid(f"whitespace at position {pos}: RFC 4515 allows none between filters")
        raise _Invalid(f"unexpected {_show(char)} at position {pos}: expected ')'")

    def filter(self, open_: int, depth: int) -> int:
        if depth > MAX_FILTER_DEPTH:
            raise _Invalid(f"filter nested deeper than {MAX_FILTER_DEPTH} levels at position {open_}")
        pos = open_ + 1
        char = self.char(pos, open_)
        if char in "&|":
            return self.filter_list(pos, open_, depth)
        if char == "!":
            return self.negation(pos, open_, depth)
        if char == ")":
            raise _Invalid(f"empty filter '()' at position {open_}")
        if char == "(":
            raise _Invalid(f"missing boolean operator at position {pos}: '(' must be followed by '&', '|', '!' "
                           "or an attribute")
        return self.close(self.item(pos, open_), open_)

    def spaces(self, pos: int) -> int:
        """Past the spaces at ``pos``. Only between the filters of '&', '|' and '!': RFC 4515 allows none, but
        ldap3 (which checked filters here before) and OpenLDAP accept them, and reviewed configs use them."""
        while pos < self.end and self.text[pos] == " ":
            pos += 1
        return pos

    def filter_list(self, operator: int, open_: int, depth: int) -> int:
        pos = self.spaces(operator + 1)
        count = 0
        while self.char(pos, open_) == "(":  # a loop, not recursion: wide filters cost no stack
            pos = self.spaces(self.filter(pos, depth + 1))
            count += 1
        if count == 0:
            raise _Invalid(f"'{self.text[operator]}' at position {operator} is followed by no filter "
                           "(each filter goes in parentheses)")
        return self.close(pos, open_)

    def negation(self, bang: int, open_: int, depth: int) -> int:
        first = self.spaces(bang + 1)
        if self.char(first, open_) != "(":
            raise _Invalid(f"'!' at position {bang} must be followed by one filter in parentheses")
        pos = self.spaces(self.filter(first, depth + 1))
        if self.char(pos, open_) == "(":
            raise _Invalid(f"'!' at position {bang} takes exactly one filter; combine several with '&' or '|'")
        return self.close(pos, open_)

    def item(self, start: int, open_: int) -> int:
        """Read attr and operator and value up to (not past) the closing ')'."""
        pos = start
        if self.text[pos] != ":":  # without an attribute, an extensible match starts with ':'
            pos = self.attribute(pos)
        char = self.char(pos, open_)
        if char == "=":  # equality, presence or substrings: all are a value in which '*' is a wildcard
            return self.value(pos + 1, open_, wildcards=True)
        if char in "~<>" and self.char(pos + 1, open_) == "=":
            return self.value(pos + 2, open_, wildcards=False)
        if char == ":":
            return self.extensible(pos, open_, has_attribute=pos > start)
        if char == ")":
            raise _Invalid(f"'{self.text[open_:pos + 1]}' has no '=', '>=', '<=' or '~='")
        raise _Invalid(f"unexpected {_show(char)} at position {pos} after the attribute '{self.text[start:pos]}': "
                       "expected '=', '>=', '<=', '~=' or ':='")

    def attribute(self, pos: int) -> int:
        pos = _oid(self.text, pos, self.end, "an attribute")
        while pos < self.end and self.text[pos] == ";":
            option = pos + 1
            pos = option
            while pos < self.end and self.text[pos] in _KEYCHAR:
                pos += 1
            if pos == option:
                raise _Invalid(f"empty attribute option at position {option}")
        return pos

    def extensible(self, colon: int, open_: int, *, has_attribute: bool) -> int:
        """attr [":dn"] [":" rule] ":=" value, or [":dn"] ":" rule ":=" value."""
        text, pos = self.text, colon
        if text[pos:pos + 3].lower() == ":dn" and text.startswith(":", pos + 3, self.end):
            pos += 3
        if text.startswith(":=", pos, self.end):
            if not has_attribute:
                raise _Invalid(f"extensible match at position {colon} names neither an attribute nor a matching rule")
            return self.value(pos + 2, open_, wildcards=False)
        pos = _oid(text, pos + 1, self.end, "a matching rule")
        if not text.startswith(":=", pos, self.end):
            raise _Invalid(f"extensible match at position {colon} must have ':=' before its value "
                           f"(found {_show(self.char(pos, open_))} at position {pos})")
        return self.value(pos + 2, open_, wildcards=False)

    def value(self, pos: int, open_: int, *, wildcards: bool) -> int:
        text = self.text
        while (char := self.char(pos, open_)) != ")":
            if char == "\\":
                if pos + 2 >= self.end or text[pos + 1] not in _HEX or text[pos + 2] not in _HEX:
                    raise _Invalid(f"'\\' at position {pos} is not followed by two hex digits "
                                   "(write \\5c for a literal '\\')")
                pos += 3
                continue
            if char == "(":
                raise _Invalid(f"unescaped '(' in a value at position {pos} (write \\28)")
            if char == "*" and not wildcards:
                raise _Invalid(f"'*' at position {pos}: only '=' takes wildcards (write \\2a for a literal '*')")
            if char == "\0":
                raise _Invalid(f"NUL character at position {pos} (write \\00)")
            pos += 1
        return pos


def _parse_dn(text: str) -> None:
    """RDNs joined by ',', attribute type-and-values joined by '+'."""
    end = len(text.rstrip())
    pos = start = len(text) - len(text.lstrip())
    if pos >= end:
        raise _Invalid("empty DN")
    while True:
        component = pos
        # Beyond RFC 4514 (as RFC 2253 readers are): spaces after ',' or '+', as in 'OU=Users, DC=example'.
        while pos < end and text[pos] == " ":
            pos += 1
        if pos >= end or text[pos] in ",+":
            raise _Invalid(f"empty component at position {component}")
        type_end = _oid(text, pos, end, "an attribute type")
        found = text[type_end] if type_end < end else ","
        if found in ",+":
            hint = "; escape a ',' or '+' inside a value with '\\'" if component > start else ""
            raise _Invalid(f"'{text[pos:type_end]}' at position {pos} has no '=' (expected type=value{hint})")
        if found != "=":
            raise _Invalid(f"unexpected {_show(found)} at position {type_end} after the attribute type "
                           f"'{text[pos:type_end]}': expected '='")
        pos = _dn_value(text, type_end + 1, end)
        if pos >= end:
            return
        pos += 1  # past the ',' or '+'


def _dn_value(text: str, start: int, end: int) -> int:
    """The end of the value at ``start``: the next unescaped ',' or '+', or ``end``."""
    if start >= end or text[start] in ",+":
        # RFC 4514 allows an empty value, but in a base or group DN it is a slip (and ldap3 refused it).
        raise _Invalid(f"empty value at position {start}")
    pos = start
    if text[start] == "#":  # '#' hexstring: the value's BER encoding
        pos += 1
        while pos < end and text[pos] not in ",+":
            pos += 1
        encoded = text[start + 1:pos]
        if not encoded or len(encoded) % 2 or any(c not in _HEX for c in encoded):
            raise _Invalid(f"value at position {start} starts with '#' but is not hex pairs "
                           "(write '\\#' for a literal '#')")
        return pos
    if text[start] == " ":
        raise _Invalid(f"unescaped space at the start of the value at position {start} (write '\\ ')")
    trailing_space = False
    while pos < end and (char := text[pos]) not in ",+":
        if char == "\\":
            if pos + 1 < end and text[pos + 1] in _DN_ESCAPABLE:
                pos += 2
            elif pos + 2 < end and text[pos + 1] in _HEX and text[pos + 2] in _HEX:
                pos += 3
            else:
                raise _Invalid(f"'\\' at position {pos} must be followed by one of ' \"#+,;<=>\\' "
                               "or two hex digits")
            trailing_space = False
            continue
        if char == "\0":
            raise _Invalid(f"NUL character at position {pos} (write '\\00')")
        if char in _DN_MUST_ESCAPE:  # a '#' past the start is fine (RFC 4514), as in 'CN=C# developers'
            raise _Invalid(f"unescaped {_show(char)} in a value at position {pos} (write '\\{char}')")
        trailing_space = char == " "
        pos += 1
    if trailing_space:
        raise _Invalid(f"unescaped space at the end of the value at position {pos - 1} (write '\\ ')")
    return pos
