"""Backends per environment in the config file: local by default (outside cdktf.out), pg, s3 and http,
validated key by key, and never a secret read from the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from code42_scim import ConfigError
from code42_scim._config import load_config
from tests.app.test_config_file import MINIMAL


def _config(tmp_path: Path, backend: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(MINIMAL + "\n[environments.prod.backend]\n" + backend)
    return path


def _synth_backend(config: Path, outdir: Path) -> dict[str, object]:
    from code42_scim import build_app

    build_app(config, outdir=str(outdir)).synth()
    doc = json.loads((outdir / "stacks" / "prod" / "cdk.tf.json").read_text())
    backend: dict[str, object] = doc["terraform"]["backend"]
    return backend


def _error(tmp_path: Path, backend: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, backend))
    return str(caught.value)


def test_without_a_backend_table_state_goes_to_terraform_state_beside_cdktf_out(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(MINIMAL)
    assert _synth_backend(path, tmp_path / "cdktf.out") == {"local": {"path": "../../../.terraform-state/prod.tfstate"}}


def test_a_local_state_dir_is_anchored_at_the_project_folder(tmp_path: Path) -> None:
    backend = _synth_backend(_config(tmp_path, 'state_dir = "state/terraform"\n'), tmp_path / "cdktf.out")
    assert backend == {"local": {"path": "../../../state/terraform/prod.tfstate"}}


def test_an_absolute_local_state_dir_is_used_as_given(tmp_path: Path) -> None:
    backend = _synth_backend(_config(tmp_path, 'state_dir = "/var/lib/code42-scim"\n'), tmp_path / "cdktf.out")
    assert backend == {"local": {"path": "/var/lib/code42-scim/prod.tfstate"}}


def test_a_state_dir_inside_cdktf_out_is_refused_because_make_clean_deletes_it(tmp_path: Path) -> None:
    assert "make clean" in _error(tmp_path, 'state_dir = "cdktf.out/state"\n')


def test_a_pg_backend_is_written_without_a_connection_string(tmp_path: Path) -> None:
    backend = _synth_backend(_config(tmp_path, 'type = "pg"\nschema_name = "code42_prod"\n'), tmp_path / "o")
    assert backend == {"pg": {"schema_name": "code42_prod"}}


def test_a_pg_connection_string_in_the_file_is_refused_without_showing_it(tmp_path: Path) -> None:
    message = _error(tmp_path, 'type = "pg"\nconn_str = "postgres://u:hunter2-secret@db/x"\n')
    assert "PG_CONN_STR" in message and "hunter2-secret" not in message


def test_an_s3_backend_gets_a_key_per_environment(tmp_path: Path) -> None:
    text = 'type = "s3"\nbucket = "acme-tf-state"\nregion = "eu-west-1"\nuse_lockfile = true\nencrypt = true\n'
    assert _synth_backend(_config(tmp_path, text), tmp_path / "o") == {"s3": {
        "bucket": "acme-tf-state", "encrypt": True, "key": "code42-scim/prod.tfstate", "region": "eu-west-1",
        "use_lockfile": True}}


def test_s3_credentials_in_the_file_are_refused_with_the_aws_variable_to_use(tmp_path: Path) -> None:
    message = _error(tmp_path, 'type = "s3"\nbucket = "b"\nregion = "r"\nsecret_key = "AKIA-very-secret"\n')
    assert "AWS_SECRET_ACCESS_KEY" in message and "AKIA-very-secret" not in message


def test_an_s3_backend_without_a_bucket_is_refused(tmp_path: Path) -> None:
    assert "an s3 backend needs bucket" in _error(tmp_path, 'type = "s3"\nregion = "eu-west-1"\n')


def test_an_http_backend_with_credentials_in_the_address_is_refused_without_showing_them(tmp_path: Path) -> None:
    message = _error(tmp_path, 'type = "http"\naddress = "https://ci:tok-secret@state.example.com/x"\n')
    assert "user:password@" in message and "tok-secret" not in message


def test_an_http_password_is_refused_with_the_terraform_variable_to_use(tmp_path: Path) -> None:
    message = _error(tmp_path, 'type = "http"\naddress = "https://state.example.com/x"\npassword = "pw-secret"\n')
    assert "TF_HTTP_PASSWORD" in message and "pw-secret" not in message


def test_an_unknown_backend_type_names_the_supported_ones(tmp_path: Path) -> None:
    assert "use one of local, pg, s3, http" in _error(tmp_path, 'type = "consul"\n')


def test_an_unknown_key_is_refused_with_the_known_keys(tmp_path: Path) -> None:
    assert "unknown key for a pg backend" in _error(tmp_path, 'type = "pg"\nschema = "x"\n')


def test_a_wrong_type_is_refused_with_the_expected_one(tmp_path: Path) -> None:
    assert "set use_lockfile to true or false" in _error(
        tmp_path, 'type = "s3"\nbucket = "b"\nregion = "r"\nuse_lockfile = "yes"\n')
