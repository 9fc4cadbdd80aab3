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
    ("an environment name with a space", MINIMAL.replace("environments.prod", 'environments."pro d"'),
     "use letters, digits, '-' and '_' only"),
    ("an empty environment name", MINIMAL.replace("environments.prod", 'environments.""'),
     "use letters, digits, '-' and '_' only"),
    ("two connections with one id", MINIMAL + MINIMAL[MINIMAL.index("[[environments.prod.connections]]"):]
     .replace('connection_id = "code42-scim"', 'connection_id = "other"'), "is already the id of connections[0]"),
    ("connections as a table", MINIMAL.replace("[[environments.prod.connections]]", "[environments.prod.connections]")
     .split("[[environments.prod.connections.channels]]")[0], "must be an array of tables"),
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


def test_a_config_file_that_is_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(MINIMAL.replace("AD", "Bénévoles").encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(path)


def test_a_missing_config_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "absent.toml")


def test_synthesizing_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    from code42_scim import build_app

    config = tmp_path / "c.toml"
    config.write_text(MINIMAL, encoding="utf-8")
    build_app(config, outdir=str(tmp_path / "not" / "yet" / "there")).synth()
    assert (tmp_path / "not" / "yet" / "there" / "stacks" / "prod" / "cdk.tf.json").is_file()


def test_an_output_folder_that_cannot_be_created_is_a_config_error(tmp_path: Path) -> None:
    from code42_scim import build_app

    config = tmp_path / "c.toml"
    config.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="cannot create the output folder"):
        build_app(config, outdir=str(tmp_path / "file" / "out"))
