"""A fresh self-signed certificate for the stand-in's HTTPS listener (generated at each start)."""

from __future__ import annotations

import ipaddress
import os
import ssl
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from code42_scim._errors import ConfigError

__all__ = ["server_context", "write_self_signed"]


def write_self_signed(cert_path: Path, key_path: Path, *, host: str = "localhost") -> None:
    """Write a P-256 self-signed certificate valid for localhost, 127.0.0.1 and ::1 (and ``host``)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "code42-scim pf-local")])
    alt: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    ]
    try:
        alt_ip = ipaddress.ip_address(host)
        if all(not (isinstance(a, x509.IPAddress) and a.value == alt_ip) for a in alt):
            alt.append(x509.IPAddress(alt_ip))
    except ValueError:
        if host != "localhost":
            alt.append(x509.DNSName(host))
    now = datetime.now(UTC)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        # CA:TRUE lets clients use the certificate itself as the trust anchor (--ca-bundle cert.pem),
        # which strict X.509 verification (OpenSSL 3, Python 3.13) requires of a self-signed root.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )


def server_context(
    *, cert_out: Path, host: str, cert_file: Path | None = None, key_file: Path | None = None
) -> ssl.SSLContext:
    """TLS context from the given cert/key, or from a new self-signed pair whose cert goes to ``cert_out``.

    The generated private key lives only in a private temporary directory while it is loaded.
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert_file is None and key_file is not None:
        raise ConfigError("--tls-key needs --tls-cert (the certificate it belongs to)")
    if cert_file is not None:
        _load_given(ctx, cert_file, key_file)
        return ctx
    with tempfile.TemporaryDirectory(prefix="pf-local-tls-") as tmp:
        key_path = Path(tmp) / "key.pem"
        try:
            write_self_signed(cert_out, key_path, host=host)
        except OSError as exc:
            raise ConfigError(f"cannot write pf-local's certificate to {cert_out}: {exc.strerror or exc} "
                              "(choose another --cert-out)") from None
        ctx.load_cert_chain(str(cert_out), str(key_path))
    return ctx


def _load_given(ctx: ssl.SSLContext, cert_file: Path, key_file: Path | None) -> None:
    """Load a user's certificate and key; any failure is one line naming the files (never their content)."""
    what = f"--tls-cert {cert_file}" + (f" / --tls-key {key_file}" if key_file else "")
    for path in (cert_file, key_file):
        if path is None:
            continue
        if path.is_dir():
            raise ConfigError(f"cannot use {what}: {path} is a directory, not a PEM file")
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise ConfigError(f"cannot use {what}: cannot read {path}: {exc.strerror or exc}") from None
    try:
        ctx.load_cert_chain(str(cert_file), str(key_file) if key_file else None)
    except ssl.SSLError as exc:
        # OpenSSL's reason (e.g. "PEM lib", "KEY_VALUES_MISMATCH") says which part failed; no file content.
        detail = f" (OpenSSL: {exc.reason})" if exc.reason else ""
        hint = "" if key_file else "; a key in a separate file needs --tls-key"
        raise ConfigError(f"cannot use {what}: not a PEM certificate with its matching private key{detail}{hint}"
                          ) from None
