#!/usr/bin/env python3
"""Read the FYERS access token that fyers-token keeps in AWS SSM Parameter Store.

Standard library and boto3 only. Copy this file next to your program:

    from fyers_token import access_token, LoginRequired

    client_id, token = access_token()              # prefix="/stock-pipeline/fyers"
    headers = {"Authorization": f"{client_id}:{token}"}

`access_token()` makes ONE GetParameters call (with decryption) and decides offline, from the
token's own `exp`, whether it is still usable; a token that is missing, expired or has less than a
minute left raises `LoginRequired`. The role needs only fyers-token's reader policy
(docs/iam/fyers-token-reader-policy.json: ssm:GetParameters and kms:Decrypt through SSM).

It requests only `{prefix}/client_id` and `{prefix}/access_token`. A token whose `app_id` claim is
not the stored client id (without its `-100` suffix) is refused naming both (`ReaderError`).

Run as a script, `python3 fyers_token.py` (or `./fyers_token.py`) prints the Authorization
header's shape with the token masked: exit 0 when usable, 3 when a person must log in, 2 for bad
configuration (a bad FYERS_SSM_PREFIX, AWS_REGION or AWS_ENDPOINT_URL_SSM, boto3 not installed),
1 otherwise (AWS refused or unreachable, the stored tokens do not fit together). Errors are one
clean line on stderr, never a traceback.
Region: AWS_REGION (botocore alone reads only AWS_DEFAULT_REGION), then AWS_DEFAULT_REGION.
Endpoint: AWS_ENDPOINT_URL_SSM (older botocore ignores it), then AWS_ENDPOINT_URL. Prefix for the
script: FYERS_SSM_PREFIX.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

try:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError
except ImportError:  # said as a configuration error on first use, not a traceback at import

    class _NotRaised(Exception):
        """Stands in for botocore's exceptions when boto3 is missing (nothing can raise them)."""

    boto3 = None
    Config = None
    BotoCoreError = ClientError = NoCredentialsError = NoRegionError = _NotRaised

DEFAULT_PREFIX = "/stock-pipeline/fyers"
READER_POLICY = "docs/iam/fyers-token-reader-policy.json"
# A token with less than this left would die mid-request: treat it as gone.
MIN_REMAINING_SECONDS = 60
# Every SSM call has a deadline: 5 s to connect, 5 s to answer, at most 3 attempts.
_CLIENT_CONFIG = (
    Config(connect_timeout=5, read_timeout=5, retries={"max_attempts": 3, "mode": "standard"}) if Config else None
)
_NO_BOTO3 = (
    f"boto3 is not installed for this Python ({sys.executable}): install it with "
    "`apt-get install python3-boto3` (Debian, Ubuntu) or `pip install boto3`"
)
_IST = timezone(timedelta(hours=5, minutes=30))
# An SSM path: "/" then names, as fyers-token's own FYERS_SSM_PREFIX check allows.
_PREFIX = re.compile(r"(/[A-Za-z0-9_.-]+)+")


class LoginRequired(Exception):
    """No usable FYERS access token is stored: a person must log in (fyers-token's workflow issue)."""


class ReaderError(Exception):
    """SSM could not be read: access denied, no credentials, no region, network."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def _env(*names: str) -> tuple[str, str | None]:
    """The first of `names` that is set (and its value), for messages that name what was read."""
    for name in names:
        if os.environ.get(name):
            return name, os.environ[name]
    return names[0], None


def _checked_endpoint(name: str, value: str) -> str:
    """An http(s) URL with a host (and a numeric port, if any); anything else is bad configuration."""
    try:
        url = urlsplit(value)
        url.port  # noqa: B018 - raises ValueError on a port that is not a number
        ok = url.scheme in ("http", "https") and bool(url.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise ReaderError(
            f'{name}: "{value}" is not an http(s) URL; unset it to use AWS, or set one like https://ssm.ap-south-1.amazonaws.com',
            exit_code=2,
        )
    return value


def ssm_client():
    """An SSM client that honours AWS_REGION and AWS_ENDPOINT_URL_SSM as the AWS CLI v2 does."""
    if boto3 is None:
        raise ReaderError(_NO_BOTO3, exit_code=2)
    region_name, region = _env("AWS_REGION", "AWS_DEFAULT_REGION")
    endpoint_name, endpoint = _env("AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL")
    if endpoint is not None:
        _checked_endpoint(endpoint_name, endpoint)
    try:
        return boto3.client("ssm", region_name=region, endpoint_url=endpoint, config=_CLIENT_CONFIG)
    except ValueError as error:  # botocore's InvalidRegionError is one, as is "Invalid endpoint"
        if region is not None and "region" in str(error).lower():
            raise ReaderError(f'{region_name}: "{region}" is not an AWS region; e.g. AWS_REGION=ap-south-1', exit_code=2) from None
        raise ReaderError(f"{endpoint_name}: not a usable endpoint ({type(error).__name__})", exit_code=2) from None


def _claims(token: str) -> dict | None:
    """The JWT's payload as a dict, or None when the token is not a JWT with a readable payload."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (ValueError, RecursionError):  # RecursionError: a payload nested thousands deep
        return None
    return claims if isinstance(claims, dict) else None


def app_id(token: str) -> str | None:
    """The token's `app_id` claim (`ABCDE12345`, FYERS leaves off the `-100`), or None when absent."""
    value = (_claims(token) or {}).get("app_id")
    return value if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9]+(-[0-9]+)?", value) else None


def expires_at(token: str) -> float | None:
    """The JWT's `exp` (epoch seconds), or None when the token is not a JWT with a usable `exp`."""
    exp = (_claims(token) or {}).get("exp")
    # An exp in milliseconds or outside the datetime range is not an expiry we can trust.
    if not isinstance(exp, (int, float)) or isinstance(exp, bool) or not 0 < exp < 253402300799:
        return None
    return float(exp)


def checked_prefix(value: str, name: str = "prefix") -> str:
    """The prefix without a trailing "/"; one SSM could not hold (no leading "/") is bad configuration."""
    prefix = value.rstrip("/")
    if not _PREFIX.fullmatch(prefix):
        raise ReaderError(f'{name}: "{value}" is not an SSM path prefix; use one like {DEFAULT_PREFIX}', exit_code=2)
    return prefix


def _ist(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, _IST).strftime("%Y-%m-%d %H:%M IST")


def _read(client, names: list[str], prefix: str) -> dict[str, str]:
    try:
        client = client or ssm_client()  # inside the try: a missing region shows here
        answer = client.get_parameters(Names=names, WithDecryption=True)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code == "AccessDeniedException":
            raise ReaderError(
                f"AWS denied ssm:GetParameters on {prefix}/client_id and access_token: attach {READER_POLICY} "
                "from the fyers-token repository to this role (it also grants kms:Decrypt through SSM)"
            ) from None
        if code.startswith("KMS") or code == "InvalidKeyId":
            raise ReaderError(
                f"AWS KMS refused to decrypt {prefix}/access_token ({code}): {READER_POLICY} grants "
                "kms:Decrypt through SSM on the key that encrypts it"
            ) from None
        raise ReaderError(f"AWS SSM GetParameters failed on {prefix} ({code or 'error'})") from None
    except NoRegionError:
        raise ReaderError("AWS_REGION: no AWS region set; e.g. AWS_REGION=ap-south-1", exit_code=2) from None
    except NoCredentialsError:
        raise ReaderError("no AWS credentials: set AWS_PROFILE, or run where a role provides them") from None
    except BotoCoreError as error:
        raise ReaderError(f"AWS SSM could not be reached ({type(error).__name__}): check the network and AWS_REGION") from None
    return {p["Name"]: p["Value"] for p in answer.get("Parameters", [])}


def access_token(prefix: str = DEFAULT_PREFIX, *, client=None, now: float | None = None) -> tuple[str, str]:
    """(client_id, access_token) from SSM, or LoginRequired when no usable token is stored."""
    prefix = checked_prefix(prefix)
    names = [f"{prefix}/client_id", f"{prefix}/access_token"]
    values = _read(client, names, prefix)
    client_id, token = values.get(names[0]), values.get(names[1])
    if not token:
        raise LoginRequired(f"no FYERS access token is stored in ssm:{prefix}")
    exp = expires_at(token)
    current = time.time() if now is None else now
    if exp is not None and exp - current < MIN_REMAINING_SECONDS:
        verb = "expired" if exp <= current else "expires"
        raise LoginRequired(f"the FYERS access token in ssm:{prefix} {verb} at {_ist(exp)}")
    if not client_id:
        raise ReaderError(f"no FYERS client id is stored in ssm:{prefix}/client_id; store the tokens again")
    claimed = app_id(token)
    if claimed is not None and claimed not in (client_id, re.sub(r"-[0-9]+$", "", client_id)):
        raise ReaderError(
            f"the FYERS access token in ssm:{prefix}/access_token is for app {claimed}, not the client id "
            f"{client_id} stored in ssm:{prefix}/client_id: log in again with the app whose id is stored"
        )
    return client_id, token


def _ascii_safe(stream) -> None:
    """A stream that cannot show a character (PYTHONIOENCODING=ascii, LANG=C) prints "?", never dies."""
    try:
        stream.reconfigure(errors="replace")
    except (AttributeError, ValueError):
        pass


def _can_show(text: str, stream) -> bool:
    try:
        text.encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def main() -> int:
    _ascii_safe(sys.stdout)
    _ascii_safe(sys.stderr)
    try:
        prefix = checked_prefix(os.environ.get("FYERS_SSM_PREFIX") or DEFAULT_PREFIX, "FYERS_SSM_PREFIX")
        client_id, token = access_token(prefix)
    except LoginRequired as error:
        print(f"login required: {error}", file=sys.stderr)
        print("hint: open the login link in the fyers-token workflow's issue, or run that workflow", file=sys.stderr)
        return 3
    except ReaderError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except Exception as error:  # noqa: BLE001 - the last word is a line, not a traceback; no message: it could hold anything
        print(f"error: unexpected {type(error).__name__} while reading the FYERS token from SSM", file=sys.stderr)
        return 1
    exp = expires_at(token)
    ellipsis = "…" if _can_show("…", sys.stdout) else "..."
    print(f"Authorization: {client_id}:{token[:8]}{ellipsis}  ({len(token)} characters, masked)")
    print(f"expires: {_ist(exp)}" if exp is not None else "expires: unknown (not a JWT with an exp)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
