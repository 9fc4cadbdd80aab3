"""The reviewed config file: what it accepts and how it refuses bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from code42_scim import AuthMethod, ConfigError, DirectoryPreset
from code42_scim._config import load_config

REPO_ROOT = Path(__file__).resolve().parents[2]

MINIMAL = """
[environments.prod.pingfederate]
https_host = "https://pf.example.com:9999"
product_version = "12.1"

[[environments.prod.connections]]
id = "code42"
connection_id = "code42-scim"
scim_url = "https://console.us.code42.com/scim"

[[environments.prod.connections.channels]]
name = "AD"
data_store_id = "LDAP-AD"
base_dn = "DC=example,DC=com"
"""


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "c.toml"
    path.write_text(text)
    return load_config(path)


def test_the_shipped_example_config_loads() -> None:
    env = load_config(REPO_ROOT / "code42-scim.toml").environment("local")
    assert env.pingfederate.https_host == "https://localhost:9999"
    assert env.connections[0].props.channels[0].preset is DirectoryPreset.ACTIVE_DIRECTORY


def test_a_minimal_environment_gets_the_code42_defaults(tmp_path: Path) -> None:
    env = _load(tmp_path, MINIMAL).environment("prod")  # type: ignore[attr-defined]
    props = env.connections[0].props
    assert (props.auth_method, props.remove_user_action, props.prevent_destroy) == (
        AuthMethod.OAUTH2_BEARER_TOKEN, "Disable", True)


def test_mapping_overrides_and_removals_are_read(tmp_path: Path) -> None:
    text = MINIMAL + """
[environments.prod.connections.channels.attribute_mapping]
manager = { attribute_names = ["c42Manager"], trim = true }
division = false
"""
    channel = _load(tmp_path, text).environment("prod").connections[0].props.channels[0]  # type: ignore[attr-defined]
    assert channel.attribute_mapping["manager"].attribute_names == ("c42Manager",)
    assert channel.attribute_mapping["manager"].trim is True
    assert channel.attribute_mapping["division"] is None


BAD_CONFIGS = [
    ("secret in the file", MINIMAL.replace('scim_url', 'access_token = "abc"\nscim_url'),
     "secrets are never read from the config file"),
    ("misspelled key", MINIMAL.replace("scim_url", "scim_ulr"), "did you mean 'scim_url'"),
    ("unknown auth method", MINIMAL.replace('scim_url', 'auth_method = "saml"\nscim_url'),
     "'saml' is not one of ['basic', 'oauth2_bearer_token']"),
    ("unknown preset", MINIMAL + 'preset = "openldap"\n', "'openldap' is not one of"),
    ("channel without base DN", MINIMAL.replace('base_dn = "DC=example,DC=com"', ""), "missing base_dn"),
    ("no environments", "", "no environment defined"),
    ("not TOML", "[environments\n", "not valid TOML"),
]


@pytest.mark.parametrize(("case", "text", "message"), BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_a_bad_config_is_refused_with_the_reason(tmp_path: Path, case: str, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)


def test_a_secret_value_in_the_file_is_not_echoed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, MINIMAL.replace('scim_url', 'access_token = "tok-should-not-echo"\nscim_url'))
    assert "tok-should-not-echo" not in str(info.value)


def test_an_unknown_environment_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no environment 'staging'; known: prod"):
        _load(tmp_path, MINIMAL).environment("staging")  # type: ignore[attr-defined]


def test_a_missing_config_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "absent.toml")
