"""The hand-written LDAP filter (RFC 4515) and DN (RFC 4514) parsers: tables, then ldap3 as an oracle.

ldap3 used to do this parsing at run time; it stays here only as the oracle. Our parsers may be stricter than
ldap3 but must not accept what ldap3 refuses, except for the RFC forms in LDAP3_STRICTER_DNS.
"""

from __future__ import annotations

import warnings
from string import ascii_letters, digits, hexdigits

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from code42_scim._ldap import MAX_FILTER_DEPTH, dn_problem, filter_problem

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # ldap3 2.9 uses pyasn1 names deprecated since
    from ldap3.core.exceptions import LDAPException
    from ldap3.operation.search import parse_filter
    from ldap3.utils.dn import parse_dn


def ldap3_accepts_filter(text: str) -> bool:
    try:
        parse_filter(text, None, auto_escape=False, auto_encode=False, validator=None, check_names=False)
    except (LDAPException, ValueError, IndexError, TypeError):  # ldap3 raises the latter on some malformed input
        return False
    return True


def ldap3_accepts_dn(text: str) -> bool:
    try:
        parse_dn(text.strip())
    except (LDAPException, ValueError, IndexError, TypeError):
        return False
    return True


def nested_nots(depth: int) -> str:
    """A filter ``depth`` levels deep: depth - 1 '!' around one item."""
    return "(!" * (depth - 1) + "(a=b)" + ")" * (depth - 1)


# ---- filters: tables ----------------------------------------------------------------------------------------

VALID_FILTERS = [
    pytest.param("(&(objectClass=user)(memberOf=CN=Code42 Users,OU=Groups,DC=example,DC=com))", id="AD group member"),
    pytest.param("(&(objectClass=user)(mail=*))", id="users with mail"),
    pytest.param("(objectClass=inetOrgPerson)", id="one equality"),
    pytest.param("(&(objectCategory=person)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))",
                 id="AD enabled accounts (extensible match)"),
    pytest.param("(cn=Jo*Sm*th)", id="substrings"),
    pytest.param("(sn=\\2a)", id="escaped asterisk"),
    pytest.param("(|(ou=a)(ou=b))", id="or"),
    pytest.param("(cn=Jo*)", id="initial substring"),
    pytest.param("(cn=*th)", id="final substring"),
    pytest.param("(cn=)", id="empty value"),
    pytest.param("(a=b=c)", id="'=' in a value"),
    pytest.param("(cn=Müller)", id="non-ASCII value"),
    pytest.param("(uSNChanged>=5)", id="greater or equal"),
    pytest.param("(uSNChanged<=5)", id="less or equal"),
    pytest.param("(cn~=smith)", id="approximate"),
    pytest.param("(2.5.4.3=x)", id="numeric OID attribute"),
    pytest.param("(cn;lang-en=x)", id="attribute option"),
    pytest.param("(cn:dn:=x)", id="extensible with dn"),
    pytest.param("(:DN:2.5.13.5:=x)", id="extensible with rule only, DN in capitals"),
    pytest.param("(cn:caseExactMatch:=x)", id="extensible with a named rule"),
    pytest.param("(&(|(a=b)(c=d))(!(e=f)))", id="nested"),
    pytest.param("  (a=b)\t", id="surrounding whitespace"),
    # Not RFC 4515, but ldap3 (the check before this parser) and OpenLDAP take spaces between sub-filters.
    pytest.param("(&(a=b) (c=d))", id="a space between the filters of '&'"),
    pytest.param("(| (a=b)  (c=d) )", id="spaces around the filters of '|'"),
    pytest.param("(! (a=b) )", id="spaces around the filter of '!'"),
    pytest.param(nested_nots(MAX_FILTER_DEPTH), id="nested exactly to the limit"),
    pytest.param("(&" + "(a=b)" * 20_000 + ")", id="very wide"),
]

INVALID_FILTERS = [
    pytest.param("(a=b)(c=d)", "missing boolean operator at position 5", id="two filters side by side"),
    pytest.param("(a=b) (c=d)", "missing boolean operator", id="two filters with a space"),
    pytest.param("((a=b)(c=d))", "missing boolean operator at position 1", id="a list without & or |"),
    pytest.param("(objectClass)", "'(objectClass)' has no '=', '>=', '<=' or '~='", id="presence without =*"),
    pytest.param("objectClass=user", "a filter starts with '('", id="no parentheses"),
    pytest.param("(&(objectClass=user)", "unbalanced parentheses", id="unclosed"),
    pytest.param("(a=b))", "unbalanced parentheses: ')' at position 5", id="closed twice"),
    pytest.param("", "empty filter", id="empty"),
    pytest.param("()", "empty filter '()'", id="empty parentheses"),
    pytest.param("(&)", "'&' at position 1 is followed by no filter", id="and of nothing"),
    pytest.param("(&a=b)", "'&' at position 1 is followed by no filter", id="and of an item without parentheses"),
    pytest.param("(!(a=b)(c=d))", "takes exactly one filter", id="not of two"),
    pytest.param("(!a=b)", "'!' at position 1 must be followed by one filter", id="not without parentheses"),
    pytest.param("(a=b\\zz)", "not followed by two hex digits", id="bad escape"),
    pytest.param("(a=b\\2)", "not followed by two hex digits", id="short escape"),
    pytest.param("(a>=b*)", "only '=' takes wildcards", id="wildcard in ordering"),
    pytest.param("(a:=b*)", "only '=' takes wildcards", id="wildcard in extensible"),
    pytest.param("(a=(b))", "unescaped '(' in a value at position 3", id="parenthesis in a value"),
    pytest.param("(=b)", "expected an attribute at position 1", id="no attribute"),
    pytest.param("(1cn=b)", "is neither a name", id="attribute starting with a digit"),
    pytest.param("(1.02=b)", "is neither a name", id="OID with a leading zero"),
    pytest.param("(a b=c)", "unexpected ' ' at position 2", id="space in the attribute"),
    pytest.param("(a=b )(c=d)", "missing boolean operator", id="space inside a filter, then a second filter"),
    pytest.param("(a;=b)", "empty attribute option at position 3", id="empty option"),
    pytest.param("(:=x)", "names neither an attribute nor a matching rule", id="bare extensible"),
    pytest.param("(a:rule=c)", "must have ':=' before its value", id="extensible without :="),
    pytest.param("(a<b)", "unexpected '<' at position 2", id="less than"),
    pytest.param("(a=b)c", "text after the filter at position 5", id="trailing text"),
    pytest.param("(a=b\x00)", "NUL character at position 4", id="NUL"),
    pytest.param(nested_nots(MAX_FILTER_DEPTH + 1), f"nested deeper than {MAX_FILTER_DEPTH} levels",
                 id="nested past the limit"),
    pytest.param("(!" * 100_000, f"nested deeper than {MAX_FILTER_DEPTH} levels", id="hostile nesting"),
]


@pytest.mark.parametrize("text", VALID_FILTERS)
def test_a_valid_filter_is_accepted(text: str) -> None:
    assert filter_problem(text) is None


@pytest.mark.parametrize(("text", "expected"), INVALID_FILTERS)
def test_an_invalid_filter_is_refused_with_the_reason(text: str, expected: str) -> None:
    assert expected in (filter_problem(text) or "")


# Where ldap3 is more lenient than RFC 4515 we refuse: the server (through PingFederate) parses by the RFC,
# so these would fail at sync time rather than at synth.
LDAP3_MORE_LENIENT_FILTERS = [
    pytest.param("( a=b )", id="whitespace inside an item"),
    pytest.param("(a = b)", id="whitespace around the operator"),
    pytest.param("(a=b\\zz)", id="backslash without two hex digits"),
    pytest.param("(=b)", id="no attribute"),
    pytest.param("(*=b)", id="'*' as the attribute"),
    pytest.param("(a b=c)", id="space in the attribute"),
    pytest.param("(a>=*)", id="wildcard after >="),
    pytest.param("(a~=b*)", id="wildcard after ~="),
    pytest.param("(a=b\x00)", id="NUL in a value"),
]


@pytest.mark.parametrize("text", LDAP3_MORE_LENIENT_FILTERS)
def test_a_filter_ldap3_lets_through_against_the_rfc_is_refused(text: str) -> None:
    assert (filter_problem(text) is None, ldap3_accepts_filter(text)) == (False, True)


# ---- DNs: tables --------------------------------------------------------------------------------------------

VALID_DNS = [
    pytest.param("OU=Users,DC=example,DC=com", id="plain"),
    pytest.param("CN=Code42 Users,OU=Groups,DC=example,DC=com", id="space inside a value"),
    pytest.param("ou=people,dc=example,dc=com", id="lower case"),
    pytest.param("CN=Smith\\, John,DC=example", id="escaped comma"),
    pytest.param("CN=a\\2C b,DC=example", id="hex escape"),
    pytest.param("CN=Jo+SN=Smith,DC=example", id="multi-valued RDN"),
    pytest.param("OU=Users, DC=example, DC=com", id="spaces after commas"),
    pytest.param("CN=\\ lead,DC=example", id="escaped leading space"),
    pytest.param("CN=trail\\ ,DC=example", id="escaped trailing space"),
    pytest.param("CN=\\#hash", id="escaped leading '#'"),
    pytest.param("CN=C# developers", id="'#' inside a value"),
    pytest.param("2.5.4.3=x,DC=example", id="numeric OID type"),
    pytest.param("CN=#04024869", id="hexstring value"),
    pytest.param("CN=Müller,DC=example", id="non-ASCII value"),
    pytest.param("  OU=Users,DC=example  ", id="surrounding whitespace"),
]

INVALID_DNS = [
    pytest.param("", "empty DN", id="empty"),
    pytest.param("   ", "empty DN", id="blank"),
    pytest.param("users", "'users' at position 0 has no '='", id="no ="),
    pytest.param("Code42 users", "unexpected ' ' at position 6", id="words"),
    pytest.param("OU=Users,,DC=example", "empty component at position 9", id="empty component"),
    pytest.param("OU=Users,DC=example,", "empty component at position 20", id="trailing comma"),
    pytest.param(",OU=Users", "empty component at position 0", id="leading comma"),
    pytest.param("CN=a=b", "unescaped '=' in a value at position 4", id="bare ="),
    pytest.param("CN=a<b", "unescaped '<'", id="bare <"),
    pytest.param("CN=a>b", "unescaped '>'", id="bare >"),
    pytest.param("CN=a;b", "unescaped ';'", id="bare ;"),
    pytest.param('CN=a"b', "unescaped '\"'", id="bare quote"),
    pytest.param("CN=", "empty value at position 3", id="empty value at the end"),
    pytest.param("CN=,DC=example", "empty value at position 3", id="empty value"),
    pytest.param("CN=Smith, John,DC=example", "'John' at position 10 has no '='", id="unescaped comma in a value"),
    pytest.param("CN=a+b", "'b' at position 5 has no '='", id="unescaped plus in a value"),
    pytest.param("CN=a\\zz", "must be followed by one of", id="bad escape"),
    pytest.param("CN=a\\", "must be followed by one of", id="trailing backslash"),
    pytest.param("CN= a", "unescaped space at the start of the value", id="leading space"),
    pytest.param("CN=a ,DC=example", "unescaped space at the end of the value", id="space before a comma"),
    pytest.param("CN=a\\\\ ,DC=example", "unescaped space at the end of the value", id="space after an escape"),
    pytest.param("CN =a", "unexpected ' ' at position 2", id="space before ="),
    pytest.param("1CN=a", "is neither a name", id="type starting with a digit"),
    pytest.param("-CN=a", "expected an attribute type at position 0", id="type starting with a hyphen"),
    pytest.param("CN=#04x", "starts with '#' but is not hex pairs", id="hexstring not hex"),
    pytest.param("CN=#123", "starts with '#' but is not hex pairs", id="hexstring odd"),
    pytest.param("CN=#", "starts with '#' but is not hex pairs", id="hexstring empty"),
    pytest.param("CN=a\x00", "NUL character at position 4", id="NUL"),
]


@pytest.mark.parametrize("text", VALID_DNS)
def test_a_valid_dn_is_accepted(text: str) -> None:
    assert dn_problem(text) is None


@pytest.mark.parametrize(("text", "expected"), INVALID_DNS)
def test_an_invalid_dn_is_refused_with_the_reason(text: str, expected: str) -> None:
    assert expected in (dn_problem(text) or "")


# DNs we accept and ldap3's parse_dn refuses. The property tests keep these forms out of what they generate.
LDAP3_STRICTER_DNS = [
    # RFC 4514 has no spaces after ',' but RFC 2253 readers (AD, OpenLDAP) ignore them, and people type them.
    pytest.param("OU=Users, DC=example", id="space after a comma"),
    pytest.param("CN=Jo+ SN=Smith", id="space after a plus"),
    # RFC 4514 types may be numeric OIDs; ldap3 checks for descriptors only.
    pytest.param("2.5.4.3=x", id="numeric OID type"),
    # ldap3 checks the '#' itself against the hex digits, so it refuses every hexstring.
    pytest.param("CN=#04024869", id="hexstring value"),
    # RFC 4514 requires escaping '#' only at the start of a value; ldap3 requires it everywhere.
    pytest.param("CN=C# developers", id="'#' inside a value"),
]


@pytest.mark.parametrize("text", LDAP3_STRICTER_DNS)
def test_a_dn_ldap3_refuses_against_the_rfc_is_accepted(text: str) -> None:
    assert (dn_problem(text), ldap3_accepts_dn(text)) == (None, False)


# ---- filters: ldap3 as the oracle ---------------------------------------------------------------------------

descriptors = st.builds(str.__add__, st.sampled_from(ascii_letters), st.text(ascii_letters + digits + "-", max_size=6))
numeric_oids = st.lists(st.integers(0, 99_999), min_size=2, max_size=5).map(lambda ns: ".".join(map(str, ns)))
oids = st.one_of(descriptors, numeric_oids)
attributes = st.builds(lambda base, options: base + "".join(";" + o for o in options),
                       oids, st.lists(st.text(ascii_letters + digits + "-", min_size=1, max_size=4), max_size=2))
hex_escapes = st.builds(lambda a, b: "\\" + a + b, st.sampled_from(hexdigits), st.sampled_from(hexdigits))
filter_values = st.lists(
    st.one_of(st.characters(codec="utf-8", exclude_characters="\0()*\\"), hex_escapes),
    max_size=8,
).map("".join)
dn_attributes = st.sampled_from(["", ":dn", ":DN"])
items = st.one_of(
    st.builds(lambda a, op, v: f"{a}{op}{v}", attributes, st.sampled_from(["=", "~=", ">=", "<="]), filter_values),
    attributes.map(lambda a: a + "=*"),
    st.builds(lambda a, initial, any_, final: f"{a}={initial}*{''.join(s + '*' for s in any_)}{final}",
              attributes, filter_values, st.lists(filter_values, max_size=3), filter_values),
    st.builds(lambda a, dn, rule, v: f"{a}{dn}{rule}:={v}",
              attributes, dn_attributes, st.one_of(st.just(""), oids.map(lambda r: ":" + r)), filter_values),
    # A rule named 'dn' here would read as the dn flag: RFC 4515's grammar is ambiguous, and both parsers refuse.
    st.builds(lambda dn, rule, v: f"{dn}:{rule}:={v}", dn_attributes, oids.filter(lambda r: r.lower() != "dn"),
              filter_values),
)
filters = st.recursive(
    items.map(lambda item: f"({item})"),
    lambda children: st.one_of(
        st.builds(lambda op, fs: f"({op}{''.join(fs)})", st.sampled_from("&|"), st.lists(children, min_size=1,
                                                                                        max_size=4)),
        children.map(lambda f: f"(!{f})"),
    ),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn, texts: st.SearchStrategy[str], alphabet: str) -> str:
    """``texts`` with a few characters of ``alphabet`` deleted or inserted at random places."""
    text = draw(texts)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if at < len(text) and draw(st.booleans()):
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + draw(st.sampled_from(alphabet)) + text[at:]
    return text


@settings(derandomize=True, max_examples=300, deadline=None)
@given(filters)
def test_a_filter_from_the_grammar_is_accepted_by_both_parsers(text: str) -> None:
    assert (filter_problem(text), ldap3_accepts_filter(text)) == (None, True)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(mutated(filters, "()&|!=*\\"))
def test_a_mutated_filter_we_accept_is_accepted_by_ldap3_too(text: str) -> None:
    if filter_problem(text) is None:
        assert ldap3_accepts_filter(text)


# ---- DNs: ldap3 as the oracle -------------------------------------------------------------------------------

# Only forms both accept: descriptor types, no '#' anywhere, no space after a separator (LDAP3_STRICTER_DNS).
dn_specials = st.sampled_from(list(' "+,;<=>\\')).map(lambda c: "\\" + c)
# No whitespace but inner ' ': both parsers take the DN stripped, as a value at either end would be.
dn_plain = st.characters(codec="utf-8", exclude_characters='\0"#+,;<=>\\').filter(
    lambda c: not c.isspace())
dn_units = st.one_of(dn_plain, dn_specials, hex_escapes)
dn_values = st.one_of(dn_units, st.builds(lambda first, middle, last: first + "".join(middle) + last,
                                          dn_units, st.lists(st.one_of(dn_units, st.just(" ")), max_size=6), dn_units))
rdns = st.lists(st.builds(lambda t, v: f"{t}={v}", descriptors, dn_values), min_size=1, max_size=3).map("+".join)
# Both parsers strip the DN first, which would cut an escaped space ('\\ ') off the end of the last value.
dns = st.lists(rdns, min_size=1, max_size=4).map(",".join).filter(lambda dn: not dn.endswith(" "))


def without_spaces_after_separators(dn: str) -> str:
    """``dn`` as ldap3 wants it: no space after an unescaped ',' or '+' (the leniency in LDAP3_STRICTER_DNS)."""
    out: list[str] = []
    pos, after_separator = 0, False
    while pos < len(dn):
        if dn[pos] == "\\":
            out.append(dn[pos:pos + 2])
            pos, after_separator = pos + 2, False
            continue
        if not (after_separator and dn[pos] == " "):
            after_separator = dn[pos] in ",+"
            out.append(dn[pos])
        pos += 1
    return "".join(out)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(dns)
def test_a_dn_from_the_grammar_is_accepted_by_both_parsers(text: str) -> None:
    assert (dn_problem(text), ldap3_accepts_dn(text)) == (None, True)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(mutated(dns, ',+= \\;<>"'))
def test_a_mutated_dn_we_accept_is_accepted_by_ldap3_too(text: str) -> None:
    if dn_problem(text) is None:
        assert ldap3_accepts_dn(without_spaces_after_separators(text))
