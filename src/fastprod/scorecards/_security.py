"""The playbook's 10-point security checklist, each item pass or fail with evidence.

A project with no authentication at all fails the four items about it
(``jwt_secret``, ``token_expiry``, ``password_hashing``, ``auth_rate_limit``)
and says so; items about something the project does not do (no SQL) pass and
say why. CORS is the exception: the item asks that it be configured, so a
project that never configures it fails.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from fastprod.project._model._facts import (
    ClassDef,
    ClassField,
    Location,
    MiddlewareUse,
    ModuleFacts,
)
from fastprod.project._model._index import Folded, Marker, RouteView
from fastprod.project._model._visitor import TUTORIAL_KEY
from fastprod.scorecards import _defects, _fixes
from fastprod.scorecards._derive import Derived
from fastprod.scorecards._model import Check, Evidence, Issue

ACCESS_MAX = 30 * 60
REFRESH_MAX = 7 * 24 * 3600
_NO_AUTH = "no authentication at all"
_SECRET_NAME = re.compile(
    r"(^|_)(jwt_?)?(secret|signing)(_?key)?($|_)|jwt_?key|private_?key|hmac_?key", re.I
)
_NOT_SECRET = re.compile(r"client|_(file|path|name|env|var|dir)$|algorithm", re.I)
_LIFETIME_NAME = re.compile(
    r"(expire|expiry|expiration|lifetime|ttl|max_age|duration|(^|_)exp(_|$))", re.I
)
_TOKEN_NAME = re.compile(r"(token|jwt|access|refresh|session)", re.I)
_OTHER_TOKENS = re.compile(
    r"(reset|email|verif|confirm|invit|activat|magic|otp|signup|cache)", re.I
)
_UNITS = (
    (re.compile(r"(_|^)(weeks?)$", re.I), 604800.0),
    (re.compile(r"(_|^)(days?|d)$", re.I), 86400.0),
    (re.compile(r"(_|^)(hours?|hrs?|h)$", re.I), 3600.0),
    (re.compile(r"(_|^)(minutes?|mins?|m)$", re.I), 60.0),
    (re.compile(r"(_|^)(seconds?|secs?|s)$", re.I), 1.0),
)
_AUTH_WORDS = frozenset(
    {"login", "logon", "signin", "signup", "register", "token", "tokens", "auth", "oauth"}
    | {"oauth2", "authenticate", "password", "passwords", "passwd", "otp", "2fa", "mfa"}
)
_AUTH_SEGMENTS = frozenset({"sign-in", "sign_in", "sign-up", "sign_up", "log-in", "log_in"})
# Where a password or a one-time code is checked to open a session: what brute force aims at.
_LOGIN_WORDS = frozenset({"login", "logon", "signin", "token", "authenticate", "otp", "2fa", "mfa"})
_LOGIN_SEGMENTS = frozenset({"sign-in", "sign_in", "log-in", "log_in"})
# Ending a session checks no credential.
_LOGOUT_WORDS = frozenset({"logout", "logoff", "signout", "revoke"})
_LOGOUT_SEGMENTS = frozenset({"log-out", "log_out", "sign-out", "sign_out"})
_SCANNER_WORDS = re.compile(r"pip-audit|pip_audit|safety|snyk|osv|trivy|grype|audit")
_STRONG_HASHES = ("bcrypt", "argon2", "scrypt", "pwdlib", "PasswordHash", "Hasher", "werkzeug")
_PROBES = ("https://evil.example", "http://attacker.test:8080")
_REQUIRED_HEADERS = ("strict-transport-security", "content-security-policy", "x-frame-options")
_HEADER_LABELS = {
    "strict-transport-security": "HSTS",
    "content-security-policy": "CSP",
    "x-frame-options": "X-Frame-Options",
}


def checks(d: Derived) -> tuple[Check, ...]:
    """All ten items, in the playbook's order."""
    return (
        jwt_secret(d),
        token_expiry(d),
        password_hashing(d),
        cors(d),
        auth_rate_limit(d),
        https(d),
        security_headers(d),
        input_validation(d),
        sql_injection(d),
        dependency_scanning(d),
    )


def further(d: Derived) -> tuple[Issue, ...]:
    """Security defects beside the ten items, each a finding of its own.

    Starlette's debug page switched on by a setting, ``/openapi.json`` left open
    where ``/docs`` is hidden, and a password written into a settings default.
    """
    found = [
        *_defects.issues_of("starlette_debug", _defects.debug_flags(d)),
        *_defects.issues_of("open_openapi", _defects.open_openapi(d)),
        *_defects.issues_of("password_in_code", _defects.passwords_in_code(d)),
    ]
    return tuple(sorted(found, key=lambda i: (i.loc or Location(""), i.id)))


def _e(text: str, loc: Location | None = None) -> Evidence:
    return Evidence(text, loc)


def _no_auth(d: Derived, check_id: str, title: str) -> Check:
    evidence = (_e("no security scheme, JWT, login route or auth dependency found", d.anchor),)
    fix = _fixes.recipe(
        "auth", "add JWT authentication with hashed passwords and rate-limited login"
    )
    return Check(check_id, title, "P0", False, _NO_AUTH, evidence, fix)


# ------------------------------------------------------------------- JWT secret


def jwt_secret(d: Derived) -> Check:
    """The signing key is long, random and read from the environment, never written in code."""
    title = "JWT secret from env, 256+ bits"
    if not d.auth_present:
        return _no_auth(d, "jwt_secret", title)
    problems, sound = _secret_problems(d), _secret_sources(d)
    tutorial = any("tutorial" in p.text for p in problems)
    if problems:
        summary = "the FastAPI tutorial's published key is used" if tutorial else "secret in code"
        return Check(
            "jwt_secret", title, "P0", False, summary, tuple(problems), _SECRET_FIX, tutorial
        )
    summary = (
        "signing key read from the environment" if sound else "no signing secret written in code"
    )
    return Check("jwt_secret", title, "P0", True, summary, tuple(sound or _none_found(d)))


_SECRET_FIX = _fixes.plain(
    "read the key from the environment (a SecretStr settings field with no default) and make it "
    "32+ random bytes: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
)


def _none_found(d: Derived) -> list[Evidence]:
    return [_e("no JWT key or secret setting written in code", d.anchor)]


def _secret_problems(d: Derived) -> list[Evidence]:
    found: dict[Location | None, Evidence] = {}
    for module in d.index.app_modules:
        loc = module.strings.get("tutorial_key")
        if loc is not None:
            found[loc] = _e(
                "the FastAPI tutorial's published JWT key (09d25e09...) is hardcoded", loc
            )
    for name, folded in _secret_values(d):
        value = folded.value
        if (
            isinstance(value, str)
            and value
            and not value.startswith("$")
            and value != TUTORIAL_KEY
            and not _refused(d, value)
        ):
            found.setdefault(folded.origin, _e(_literal_text(name, folded), folded.origin))
    for module, loc, key in _jwt_keys(d):
        folded = d.index.fold(key, module)
        if isinstance(folded.value, str) and not folded.value:
            text = f"the JWT key {_shown(key)} defaults to an empty string"
            found.setdefault(folded.origin or loc, _e(text, folded.origin or loc))
    for evidence in _committed_secrets(d):
        found.setdefault(evidence.loc, evidence)
    for _, loc, key in _jwt_keys(d):
        if _user_data(key):
            text = f"the JWT key is {_shown(key)}: a user's data, not a secret from the environment"
            found.setdefault(loc, _e(text, loc))
    return _unique(list(found.values()))


def _user_data(key: ast.expr) -> bool:
    """``str(user.password)``, ``user.hashed_password``: a key anyone with the data can sign with.

    A token signed with a user's password hash can be forged by whoever reads that
    column (a backup, a log, another service), and every user has a key of their own
    that the server cannot rotate. The key is the user's data when it reads an
    attribute named for a password or its hash.
    """
    for node in ast.walk(key):
        if isinstance(node, ast.Attribute) and _USER_SECRET.search(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if not (isinstance(root, ast.Name) and "setting" in root.id.lower()):
                return True
    return False


_USER_SECRET = re.compile(r"passw|pwd|hashed", re.I)


def _committed_secrets(d: Derived) -> Iterator[Evidence]:
    """Secrets the app reads from the environment, given real values in committed files.

    A file the repository commits is the value every clone, image or cluster runs
    with: a key written there is written in code. The files are the deploy files:
    a ``.env`` (``.env.production``, ``backend/.env``), a compose ``environment:``,
    a Dockerfile's ``ENV`` or ``ARG`` default, a Kubernetes ``env`` entry,
    Secret or ConfigMap, and a Helm values file. The variable is the app's signing
    key when the app reads it as one (a secret setting, under its ``env_prefix``
    or alias; the variable a JWT call's key comes from), or when the project
    handles JWTs and the name is a signing key's (``SECRET_KEY``, ``JWT_SECRET``).
    Placeholders (``changethis``, ``${VAR}``, empty) are not values.
    """
    read = _secret_variables(d)
    for name, value, loc in d.config.env_values:
        if _normal(name) not in read or _placeholder(value):
            continue
        if value == TUTORIAL_KEY:
            yield _e(f"{name} is set to the FastAPI tutorial's published key in {loc.path}", loc)
        else:
            yield _e(f"{name} is given a value in the committed {loc.path}", loc)


def _secret_variables(d: Derived) -> _Names:
    """Names of the secret settings and environment variables the app reads, normalised."""
    names = _Names()
    for name, fields in d.index.settings_fields.items():
        if not _is_secret_name(name):
            continue
        for cls, field in fields:
            names.update(_variables(d, cls, field, name))
    for module, _, key in _jwt_keys(d):
        via = d.index.fold(key, module).via
        if via:
            names.add(via.removeprefix("$").rpartition(".")[2])
    names.signing = bool(d.jwt_calls)
    return names


class _Names(set[str]):
    """Variable names compared without case or separators (``jwtSecret`` is ``JWT_SECRET``)."""

    signing = False

    def add(self, name: str) -> None:
        super().add(_normal(name))

    def update(self, *names: Iterable[str]) -> None:
        for group in names:
            for name in group:
                self.add(name)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        return super().__contains__(name) or (self.signing and bool(_SIGNING_KEY.match(name)))


def _normal(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


# A signing key's own name, without a vendor in front (``STRIPE_SECRET_KEY`` is not one).
_SIGNING_KEY = re.compile(
    r"^(jwt\w*(secret|key)\w*|(app|api|auth|token|accesstoken|refreshtoken|access|refresh)?"
    r"(secret|signing)(key)?|signingkey|tokensecret)$"
)


def _variables(d: Derived, cls: ClassDef, field: ClassField, name: str) -> list[str]:
    """The environment variables a settings field ``name`` of ``cls`` reads: its name
    with the class's prefix, and its aliases."""
    return [_env_prefix(d, cls) + name, *_aliases(field.value)]


def _env_prefix(d: Derived, cls: ClassDef) -> str:
    """``model_config = SettingsConfigDict(env_prefix="APP_")``: the prefix of every variable."""
    config = cls.fields.get("model_config")
    if config is None or not isinstance(config.value, ast.Call):
        return ""
    for keyword in config.value.keywords:
        if keyword.arg == "env_prefix" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return ""


def _aliases(value: ast.expr | None) -> list[str]:
    """``Field(alias="JWT_SECRET")`` (also ``validation_alias``, Pydantic 1's ``env``)."""
    if not isinstance(value, ast.Call):
        return []
    return [
        str(k.value.value)
        for k in value.keywords
        if k.arg in {"alias", "validation_alias", "env"}
        and isinstance(k.value, ast.Constant)
        and isinstance(k.value.value, str)
    ]


def _placeholder(value: str) -> bool:
    lower = value.strip().lower()
    if not lower or lower.startswith(("$", "<")) or "{{" in lower:
        # ``{{ .Values.secretKey | b64enc }}``: a Helm template's value comes from elsewhere.
        return True
    return any(w in lower for w in _PLACEHOLDERS)


_PLACEHOLDERS = (
    "changethis",
    "changeme",
    "change_me",
    "change-me",
    "change_this",
    "change-this",
    "replace",
    "your_",
    "your-",
    "yoursecret",
    "example",
    "placeholder",
    "xxxx",
    "todo",
    "fixme",
)


def _literal_text(name: str, folded: Folded) -> str:
    short = len(folded.value.encode()) < 32
    weak = ", shorter than 256 bits" if short else ""
    where = ""
    if folded.via.startswith("$"):
        where = f" (the fallback when {folded.via} is unset)"
    elif folded.via and folded.via != name:
        where = f" (default of {folded.via})"
    return f"{name} is hardcoded{where}{weak}"


def _secret_values(d: Derived) -> Iterator[tuple[str, Folded]]:
    for name, fields in sorted(d.index.settings_fields.items()):
        if not _is_secret_name(name):
            continue
        for cls, field in fields:
            module = d.index.module(cls.module)
            if module is not None and field.value is not None:
                folded = d.index.fold(field.value, module)
                yield f"{cls.name}.{name}", Folded(folded.value, field.loc, folded.via)
    for module in d.index.app_modules:
        for name, expr in sorted(module.constants.items()):
            if _is_secret_name(name):
                folded = d.index.fold(expr, module)
                yield name, Folded(folded.value, module.constant_locs.get(name), folded.via)
    for module, loc, key in _jwt_keys(d):
        folded = d.index.fold(key, module)
        name = folded.via or f"the JWT key {_shown(key)}"
        yield name, Folded(folded.value, folded.origin or loc)


def _refused(d: Derived, default: object) -> bool:
    """A method of the settings compares with the default and raises: it will not start on it.

    (full-stack-fastapi-template's ``_check_default_secret``: ``value == "changethis"``
    raises outside local development). An unset variable then stops the app
    rather than signing with a key anyone can read.
    """
    if not isinstance(default, str) or not default:
        return False
    owners = {cls.name for fields in d.index.settings_fields.values() for cls, _ in fields}
    return any(
        f.raises and f.owner in owners and default in f.compared
        for fs in d.index.functions.values()
        for f in fs
    )


def _is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name)) and not _NOT_SECRET.search(name)


def _jwt_keys(d: Derived) -> Iterator[tuple[ModuleFacts, Location, ast.expr]]:
    for module, call in d.index.app_items("jwt"):
        if call.key is not None:
            yield module, call.loc, call.key


def _secret_sources(d: Derived) -> list[Evidence]:
    found = []
    for module, loc, key in _jwt_keys(d):
        folded = d.index.fold(key, module)
        if _from_env(folded):
            via = f" ({folded.via})" if folded.via else ""
            found.append(_e(f"JWT key {_shown(key)} read from the environment{via}", loc))
        elif folded.value is Marker.RANDOM:
            found.append(_e(f"JWT key {_shown(key)} generated at start-up unless set", loc))
        elif _refused(d, folded.value):
            text = (
                f"JWT key {_shown(key)} read from the environment: the settings refuse its default"
            )
            found.append(_e(text, loc))
    # Encoding and decoding with the same key say the same thing once.
    first = {e.text: e for e in reversed(_unique(found))}
    return sorted(first.values(), key=lambda e: (e.loc or Location(""), e.text))


def _from_env(folded: Folded) -> bool:
    return isinstance(folded.value, Marker) and folded.value in {Marker.ENV, Marker.REQUIRED}


def _shown(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _unique(items: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[str, Location | None]] = set()
    kept = []
    for item in sorted(items, key=lambda e: (e.loc or Location(""), e.text)):
        if (item.text, item.loc) not in seen:
            seen.add((item.text, item.loc))
            kept.append(item)
    return kept


# ----------------------------------------------------------------- token expiry


@dataclass(frozen=True, slots=True)
class _Lifetime:
    kind: str
    seconds: float
    loc: Location | None
    label: str
    at_least: bool = False


def token_expiry(d: Derived) -> Check:
    """Access tokens live 30 minutes at most, refresh tokens 7 days at most."""
    title = "Token expiry (access 30 min, refresh 7 days)"
    if not d.auth_present:
        return _no_auth(d, "token_expiry", title)
    lifetimes = _lifetimes(d)
    too_long = [
        lt for lt in lifetimes if lt.seconds > (REFRESH_MAX if lt.kind == "refresh" else ACCESS_MAX)
    ]
    if too_long:
        evidence = tuple(_e(_lifetime_text(lt), lt.loc) for lt in too_long)
        worst = max(too_long, key=lambda lt: lt.seconds)
        floor = "at least " if worst.at_least else ""
        summary = f"{worst.kind} tokens live {floor}{_duration(worst.seconds)}"
        return Check("token_expiry", title, "P0", False, summary, evidence, _EXPIRY_FIX)
    encodes = [loc for _, loc, op in d.jwt_calls if op == "encode"]
    if encodes and not lifetimes and not _exp_claim(d):
        evidence = (_e("tokens are created without an exp claim", encodes[0]),)
        return Check(
            "token_expiry", title, "P0", False, "tokens never expire", evidence, _EXPIRY_FIX
        )
    evidence = tuple(_e(_lifetime_text(lt), lt.loc) for lt in lifetimes[:4])
    summary = _expiry_summary(d, lifetimes, bool(encodes))
    return Check("token_expiry", title, "P0", True, summary, evidence or (_e(summary, d.anchor),))


_EXPIRY_FIX = _fixes.plain(
    "expire access tokens within 30 minutes and refresh tokens within 7 days"
)


def _expiry_summary(d: Derived, lifetimes: list[_Lifetime], issues: bool) -> str:
    if lifetimes:
        return "token lifetimes within the limits"
    if issues:
        return "tokens carry an exp claim; its lifetime is not written as a constant"
    return "no tokens are issued here"


def _lifetime_text(lifetime: _Lifetime) -> str:
    floor = "at least " if lifetime.at_least else ""
    duration = _duration(lifetime.seconds)
    return f"{lifetime.kind} token lifetime {floor}{duration} ({lifetime.label})"


def _duration(seconds: float) -> str:
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}" + ("s" if count != 1 else "")
    return f"{int(seconds)} seconds"


def _exp_claim(d: Derived) -> bool:
    return any("exp" in m.keys for m in d.index.app_modules)


def _lifetimes(d: Derived) -> list[_Lifetime]:
    found = [
        *_called_lifetimes(d),
        *_named_lifetimes(d),
        *_coarse_lifetimes(d),
        *_given_lifetimes(d),
    ]
    unique = {(lt.kind, lt.seconds, lt.loc): lt for lt in found}
    return sorted(unique.values(), key=lambda lt: (lt.loc or Location(""), lt.kind))


def _called_lifetimes(d: Derived) -> Iterator[_Lifetime]:
    for module, lifetime in d.index.app_items("lifetimes"):
        folded = d.index.fold(lifetime.expr, module)
        label = f"{lifetime.context.strip(':')}: {_shown(lifetime.expr)}"
        if not _TOKEN_NAME.search(lifetime.context + " " + ast.unparse(lifetime.expr)):
            continue
        seconds = _seconds(folded.value, lifetime.unit)
        kind = _token_kind(label + " " + folded.via)
        if seconds is not None and kind is not None:
            yield _Lifetime(kind, seconds, folded.origin or lifetime.loc, label)


def _named_lifetimes(d: Derived) -> Iterator[_Lifetime]:
    named: list[tuple[str, ModuleFacts, ast.expr, Location | None]] = []
    for name, fields in d.index.settings_fields.items():
        for cls, field in fields:
            module = d.index.module(cls.module)
            if module is not None and field.value is not None:
                named.append((name, module, field.value, field.loc))
    for module in d.index.app_modules:
        named += [(n, module, e, module.constant_locs.get(n)) for n, e in module.constants.items()]
    for name, module, expr, loc in named:
        unit = _unit(name)
        if not _LIFETIME_NAME.search(name) or not _TOKEN_NAME.search(name):
            continue
        value = d.index.fold(expr, module).value
        seconds = _seconds(value, unit or 1.0) if unit or isinstance(value, timedelta) else None
        kind = _token_kind(name)
        if seconds is not None and kind is not None:
            yield _Lifetime(kind, seconds, loc, f"{name} = {_shown(expr)}")


def _given_lifetimes(d: Derived) -> Iterator[_Lifetime]:
    """Lifetimes the settings take from the environment, given where the project sets
    it: a committed ``.env`` or compose file, or the ``.env.example`` people copy
    (``REFRESH_TOKEN_EXPIRE_DAYS=30``)."""
    given: dict[str, list[tuple[str, Location]]] = {}
    for name, value, loc in [*d.config.env_values, *d.config.template_values]:
        given.setdefault(_normal(name), []).append((value, loc))
    if not given:
        return
    for name, fields in sorted(d.index.settings_fields.items()):
        unit = _unit(name)
        kind = _token_kind(name)
        named = _LIFETIME_NAME.search(name) and _TOKEN_NAME.search(name)
        if unit is None or kind is None or not named:
            continue
        variables = {_normal(v) for cls, field in fields for v in _variables(d, cls, field, name)}
        for variable in sorted(variables):
            for value, loc in given.get(variable, []):
                try:
                    amount = float(value.strip().strip("\"'"))
                except ValueError:
                    continue  # "${ACCESS_TOKEN_EXPIRE_MINUTES}": set elsewhere
                yield _Lifetime(kind, amount * unit, loc, f"{name.upper()}={value.strip()}")


def _coarse_lifetimes(d: Derived) -> Iterator[_Lifetime]:
    """Access lifetimes set per deployment but counted in hours or days.

    ``jwt_access_exp_days: int`` with no value in code: whatever the environment
    gives, the shortest lifetime it can express (1 day) is over the 30 minutes.
    """
    for name, fields in sorted(d.index.settings_fields.items()):
        unit = _unit(name)
        if unit is None or unit <= ACCESS_MAX or not _LIFETIME_NAME.search(name):
            continue
        if not _TOKEN_NAME.search(name) or _token_kind(name) != "access":
            continue
        for cls, field in fields:
            module = d.index.module(cls.module)
            value = d.index.fold(field.value, module).value if module and field.value else None
            # A value in code is judged as written; a float may say half a day.
            whole = field.annotation is None or ast.unparse(field.annotation) == "int"
            if not isinstance(value, int | float) and whole:
                label = f"{cls.name}.{name} is counted in {_duration(unit).split()[1]}s"
                yield _Lifetime("access", unit, field.loc, label, at_least=True)


def _token_kind(text: str) -> str | None:
    """``refresh``, ``access``, or ``None`` for other tokens (password reset, e-mail)."""
    if "refresh" in text.lower():
        return "refresh"
    return None if _OTHER_TOKENS.search(text) else "access"


def _unit(name: str) -> float | None:
    for pattern, seconds in _UNITS:
        if pattern.search(name):
            return seconds
    return None


def _seconds(value: object, unit: float) -> float | None:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) * unit
    return None


# ------------------------------------------------------------- password hashing


def password_hashing(d: Derived) -> Check:
    """Passwords hashed with bcrypt or argon2 (scrypt accepted), never stored as they are."""
    title = "Passwords hashed with bcrypt/argon2"
    if not d.auth_present:
        return _no_auth(d, "password_hashing", title)
    hashing = [
        (_configured_scheme(d, label), loc) for m in d.index.app_modules for label, loc in m.hashing
    ]
    weak = [
        (label, loc) for label, loc in hashing if label.startswith("weak:") or not _strong(label)
    ]
    strong = [(label, loc) for label, loc in hashing if (label, loc) not in weak]
    library = d.index.first_import("fastapi_users")
    fix = _fixes.plain("hash passwords with argon2 (pwdlib's PasswordHash.recommended()) or bcrypt")
    if weak:
        evidence = tuple(
            _e(f"password hashed with {label.removeprefix('weak:')}", loc)
            for label, loc in weak[:3]
        )
        return Check("password_hashing", title, "P0", False, "weak password hashing", evidence, fix)
    if strong or library:
        evidence = tuple(_e(f"password hashing: {label}", loc) for label, loc in strong[:2])
        evidence += (_e("fastapi-users hashes passwords", library),) if library else ()
        return Check(
            "password_hashing", title, "P0", True, "passwords hashed with a slow hash", evidence
        )
    handled = _password_handling(d)
    provider = _identity_provider(d)
    if handled is not None and provider is not None and not _passwords_kept(d):
        # "login_async(username, password)" handing them to Keycloak: the
        # provider checks and stores them; the app keeps none.
        evidence = (
            _e("passwords passed to an identity provider, which hashes them", provider),
            _e("no password kept by the app (only request schemas hold one)", handled),
        )
        return Check(
            "password_hashing",
            title,
            "P0",
            True,
            "passwords checked by an identity provider",
            evidence,
        )
    if handled is not None:
        evidence = (_e("passwords handled, but no bcrypt/argon2 hashing found", handled),)
        return Check(
            "password_hashing", title, "P0", False, "passwords are not hashed", evidence, fix
        )
    evidence = (_e("no passwords: authentication by token or key only", d.anchor),)
    return Check("password_hashing", title, "P0", True, "no passwords are handled", evidence)


def _configured_scheme(d: Derived, label: str) -> str:
    """``CryptContext(schemes=[settings.HASH_SCHEME])``: the scheme the configuration names.

    A scheme read from a setting is the setting's default, or the value the
    committed ``.env`` or the ``.env.example`` a person copies gives it. The label
    is kept as it is when the configuration names none, or a literal is written.
    """
    if label.startswith("weak:") or _strong(label) or "'" in label or '"' in label:
        return label
    names = {_normal(name.rpartition(".")[2]) for name in _REFERENCE.findall(label)}
    values = [
        str(field.value.value)
        for name, fields in d.index.settings_fields.items()
        if _normal(name) in names
        for _, field in fields
        if isinstance(field.value, ast.Constant) and isinstance(field.value.value, str)
    ]
    values += [
        f"{value} (from {loc.path})"
        for key, value, loc in (*d.config.env_values, *d.config.template_values)
        if _normal(key) in names and value
    ]
    return f"{label}: {', '.join(values)}" if values else label


_REFERENCE = re.compile(r"[A-Za-z_][\w.]*")


def _strong(label: str) -> bool:
    return any(word in label for word in _STRONG_HASHES)


# Identity providers' clients: the provider checks and stores the passwords.
_IDENTITY_PROVIDERS = (
    "keycloak",
    "fastapi_keycloak",
    "fastapi_keycloak_middleware",
    "fastapi_keycloak_rbac",
    "msal",
    "supabase",
    "gotrue",
    "firebase_admin",
    "auth0",
    "pycognito",
)


def _identity_provider(d: Derived) -> Location | None:
    return d.index.first_import(*_IDENTITY_PROVIDERS)


def _passwords_kept(d: Derived) -> bool:
    """A class other than a request schema (a table, a dataclass) holds a password."""
    return any(
        ("password" in name.lower() or "passwd" in name.lower()) and not d.index.is_model(cls)
        for cls in d.index.all_classes()
        if not d.index.is_settings(cls)
        for name in cls.fields
    )


def _password_handling(d: Derived) -> Location | None:
    found = [
        field.loc
        for cls in d.index.all_classes()
        if not d.index.is_settings(cls)
        for name, field in cls.fields.items()
        if "password" in name.lower() or "passwd" in name.lower()
    ]
    for _, f in d.index.app_items("functions"):
        if "password" in f.name.lower():
            found.append(f.loc)
            continue
        for p in f.params:
            if "password" in p.name.lower():
                found.append(f.loc)
                break
    return min(found) if found else None


# ------------------------------------------------------------------------- CORS


def cors(d: Derived) -> Check:
    """CORS origins listed per environment: no ``*``, no catch-all regex.

    The playbook's item is "CORS configured per environment": an app that never
    configures CORS has not configured it for any environment, so it fails (its
    cross-origin callers, a frontend on another host among them, are refused
    until someone adds it, and then in a hurry). Origins that settings default to
    ``*`` count as ``*``, however the app reads them: a ``default_factory``, a
    comprehension over the setting, a local variable in a factory. Origins with
    localhost among them, in code or in a settings default that no environment sets
    otherwise, are one list for every environment: not configured per environment.
    The options may be given to a CORS middleware of the project's own, or to a
    helper that adds one.
    """
    title = "CORS configured per environment"
    uses = [
        (m, u)
        for m, u in d.index.app_items("middleware")
        if u.cls.rpartition(".")[2] == "CORSMiddleware"
    ]
    # A CORS middleware of the project's own (one per scope, say), or a helper that adds
    # Starlette's, takes the same options.
    uses += d.index.app_items("cors_options")
    fix = _fixes.plain(
        "list the allowed origins per environment in settings (no '*', no catch-all regex); "
        "never combine them with allow_credentials=True"
    )
    if not uses:
        text = "no CORSMiddleware: no origin list set for any environment"
        evidence = (_e(text, d.anchor),)
        return Check("cors", title, "P0", False, "CORS is not configured", evidence, fix)
    problems: list[Evidence] = []
    sound: list[Evidence] = []
    serious = False
    for module, use in uses:
        if use.development_only:
            # ``if settings.environment == "development": app.add_middleware(CORSMiddleware,
            # ...)``: production answers no cross-origin call at all.
            text = "CORSMiddleware added in development only: production allows no other origin"
            sound.append(_e(text, use.loc))
            continue
        issue, credentials = _cors_issue(d, module, use)
        if issue:
            serious |= credentials and not issue.startswith(_SAME_EVERYWHERE)
            text = issue + (" with allow_credentials=True" if credentials else "")
            problems.append(_e(text, use.loc))
        else:
            sound.append(_e(_cors_origins_text(d, module, use.keywords), use.loc))
    if problems:
        summary = "any origin may call the API" + (" with credentials" if serious else "")
        if all(p.text.startswith(_SAME_EVERYWHERE) for p in problems):
            summary = "the same origins, localhost among them, in every environment"
        return Check("cors", title, "P0", False, summary, tuple(problems), fix, serious)
    return Check("cors", title, "P0", True, "origins restricted", tuple(sound))


def _cors_issue(d: Derived, module: ModuleFacts, use: MiddlewareUse) -> tuple[str, bool]:
    keywords = use.keywords
    origins = d.index.fold(keywords.get("allow_origins"), module)
    regex = d.index.fold(keywords.get("allow_origin_regex"), module)
    credentials = d.index.fold(keywords.get("allow_credentials"), module).value is True
    if _wildcard(origins.value):
        where = f" (default of {origins.via})" if origins.via else ""
        return f"allow_origins allows '*'{where}", credentials
    if isinstance(regex.value, str) and _permissive(regex.value):
        return f"allow_origin_regex={regex.value!r} matches any origin", credentials
    # Registered under a test of the environment: switched per environment.
    if not use.per_environment and _every_environment(d, origins):
        shown = ", ".join(str(v) for v in origins.value[:3])
        where = f" ({origins.via})" if origins.via else ""
        return f"{_SAME_EVERYWHERE}, localhost among them{where}: {shown}", credentials
    return "", credentials


def _every_environment(d: Derived, origins: Folded) -> bool:
    """Origins with localhost among them, and nothing that sets them per environment.

    A list in the module is what production runs. So is a settings default, or an
    environment variable's fallback, that no environment sets otherwise: neither a
    committed env file, compose or Kubernetes entry, nor an env template, nor a
    settings class of another environment gives the variable a value. Production
    then answers cross-origin calls from localhost, with cookies if allowed.
    """
    if not isinstance(origins.value, list):
        return False
    if not any(_LOCAL_ORIGIN.search(str(v).lower()) for v in origins.value):
        return False
    return not _set_per_environment(d, origins.via)


def _set_per_environment(d: Derived, via: str) -> bool:
    """The setting or variable ``via`` names is given its value per environment."""
    names = _Names()
    if via.startswith("$"):
        names.add(via[1:])
    elif via:
        # ``settings.allowed_origins``, or a local copy named after the setting
        # (``allowed_origins = settings.allowed_origins.split(",")``).
        attr = via.rpartition(".")[2]
        fields = d.index.settings_fields.get(attr, [])
        # ``class ProductionSettings(Settings)`` sets the field again.
        if len({cls.name for cls, _ in fields}) > 1:
            return True
        for cls, field in fields:
            names.update(_variables(d, cls, field, attr))
    given = (*d.config.env_values, *d.config.template_values)
    return any(_normal(name) in names for name, _, _ in given)


_SAME_EVERYWHERE = "one origin list for every environment"
_LOCAL_ORIGIN = re.compile(r"^https?://(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:|/|$)")


def _wildcard(value: object) -> bool:
    if isinstance(value, str):
        return value.strip() == "*"
    return isinstance(value, list) and any(isinstance(v, str) and v.strip() == "*" for v in value)


def _permissive(pattern: str) -> bool:
    try:
        compiled = re.compile(pattern)
    except re.error:
        return False
    return all(compiled.fullmatch(probe) for probe in _PROBES)


def _cors_origins_text(d: Derived, module: ModuleFacts, keywords: dict[str, ast.expr]) -> str:
    expr = keywords.get("allow_origins")
    if expr is None:
        return "no allow_origins: no cross-origin caller is allowed"
    folded = d.index.fold(expr, module)
    source = f" ({folded.via})" if "." in folded.via or folded.via.startswith("$") else ""
    if _from_env(folded):
        return f"origins read from the environment{source}"
    if isinstance(folded.value, list) and folded.value:
        return f"origins listed{source}: {', '.join(str(v) for v in folded.value[:3])}"
    if isinstance(folded.value, list):
        return f"no origin allowed unless configured{source}"
    return f"origins from {_shown(expr)}"


# -------------------------------------------------------------- auth rate limit


def auth_rate_limit(d: Derived) -> Check:
    """Login, token and password endpoints are rate-limited."""
    title = "Rate limiting on auth endpoints"
    if not d.auth_present:
        return _no_auth(d, "auth_rate_limit", title)
    endpoints = [
        _Endpoint(
            f"{v.route.method.upper()} {v.path}",
            v.route.loc,
            _is_login(v),
            v.route.rate_limited or "rate_limit" in d.route_kinds(v),
        )
        for v in d.routes.views
        if _is_auth_endpoint(v)
    ]
    endpoints += _library_endpoints(d)
    realm = d.config.realm_lockout
    if not endpoints and realm is not None:
        # The login the app hands over is the realm's: its lockout is the limit.
        locked, where = realm
        if locked:
            said = (_e("the identity provider's realm locks out password guessing", where),)
            return Check(
                "auth_rate_limit", title, "P0", True, "login locked out by the realm", said
            )
        said = (_e("the identity provider's realm has no brute-force protection", where),)
        fix = _fixes.plain("turn on bruteForceProtected in the realm the app's logins go to")
        return Check(
            "auth_rate_limit", title, "P0", False, "login at the realm, unprotected", said, fix
        )
    if not endpoints:
        text = "no login, token or password endpoint: credentials are checked elsewhere"
        none = (_e(text, d.anchor),)
        return Check("auth_rate_limit", title, "P0", True, "no credential endpoints", none)
    # Where the app has login or token routes, those are what guessing attacks: a limit
    # there (a decorator, a limiter dependency, a lockout) answers the item; register,
    # refresh or password-reset routes beside them are not held against it.
    logins = [e for e in endpoints if e.login]
    endpoints = logins or endpoints
    global_limit = _global_limit(d)
    limited = [e for e in endpoints if e.limited]
    open_ = [e for e in endpoints if not e.limited]
    if global_limit is not None or not open_:
        passed = [_e("rate limit on every request", global_limit)] if global_limit else []
        passed += [_e(f"{e.label} is rate-limited", e.loc) for e in limited[:3]]
        return Check(
            "auth_rate_limit", title, "P0", True, "auth endpoints rate-limited", tuple(passed)
        )
    evidence = tuple(_e(f"{e.label} has no rate limit", e.loc) for e in open_[:4])
    fix = _fixes.plain(
        "limit attempts on credential endpoints: slowapi's @limiter.limit('5/minute') or "
        "fastapi-limiter's Depends(RateLimiter(times=5, minutes=1))"
    )
    summary = f"{len(open_)} credential endpoint(s) without a rate limit"
    return Check("auth_rate_limit", title, "P0", False, summary, evidence, fix)


@dataclass(frozen=True, slots=True)
class _Endpoint:
    """A route that checks or issues credentials: what it is, where, and whether limited."""

    label: str
    loc: Location | None
    login: bool
    limited: bool


# The credential routes of fastapi-users' routers: login (with logout), register, the
# password reset and the verification e-mail, each a target for guessing or flooding.
_LIBRARY_ROUTES = {
    "get_auth_router": ("POST {}/login", True),
    "get_register_router": ("POST {}/register", False),
    "get_reset_password_router": ("POST {}/forgot-password", False),
    "get_verify_router": ("POST {}/request-verify-token", False),
}


def _library_endpoints(d: Derived) -> list[_Endpoint]:
    """The credential routes a library's router adds where the app includes it.

    ``app.include_router(fastapi_users.get_auth_router(backend), prefix="/auth/jwt")``
    serves ``POST /auth/jwt/login``: no decorator of the app's can reach it, but a
    limiter given to ``include_router(..., dependencies=[...])`` or to a router
    above it runs before every route it adds.
    """
    found = []
    for router in d.index.library_routers():
        known = _LIBRARY_ROUTES.get(router.factory)
        # A factory of the project's own makes routes read as any other.
        if known is None or router.factory in d.index.functions:
            continue
        label, login = known
        limited = any("rate_limit" in d.kinds(ref) for ref in router.deps)
        text = f"{label.format(router.prefix.rstrip('/'))} ({router.factory})"
        found.append(_Endpoint(text, router.loc, login, limited))
    return found


def _is_auth_endpoint(view: RouteView) -> bool:
    writes = view.route.method in {"post", "put", "patch"}
    return view.route.inputs.password_form or (writes and _auth_path(view.path))


def _is_login(view: RouteView) -> bool:
    """A route that checks a password or a one-time code: login, token, sign-in, OTP."""
    if view.route.inputs.password_form:
        return True
    segments = view.path.lower().split("/")
    words = [set(_WORD_BREAKS.split(s)) for s in segments]
    if any("refresh" in w for w in words):
        # ``/token/refresh`` takes a refresh token: nothing a client could guess.
        return False
    pairs = zip(segments, words, strict=True)
    return any(segment in _LOGIN_SEGMENTS or w & _LOGIN_WORDS for segment, w in pairs)


# What separates the words of a path segment (``reset-password``, ``auth_token``).
_WORD_BREAKS = re.compile(r"[-_.]")


def _auth_path(path: str) -> bool:
    kinds = set(map(_segment_kind, path.lower().split("/")))
    return _LOGOUT not in kinds and _AUTH in kinds


_LOGOUT, _AUTH = "logout", "auth"


@functools.lru_cache(maxsize=4096)
def _segment_kind(segment: str) -> str | None:
    """What one lower-case path segment names: a logout, an authentication step, or neither.

    Routes share their segments (``items``, ``{item_id}``): each is read once.
    """
    words = set(_WORD_BREAKS.split(segment))
    if segment in _LOGOUT_SEGMENTS or words & _LOGOUT_WORDS:
        return _LOGOUT
    if segment in _AUTH_SEGMENTS or words & _AUTH_WORDS:
        return _AUTH
    return None


def _global_limit(d: Derived) -> Location | None:
    found = []
    for _, use in d.index.app_items("middleware"):
        name = use.cls.rpartition(".")[2].lower()
        slowapi = "slowapi" in name and _app_key(d, "default_limits", "application_limits")
        if slowapi or any(word in name for word in ("ratelimit", "rate_limit", "throttl")):
            found.append(use.loc)
    found += [loc for loc in (d.config.proxy_rate_limit,) if loc is not None]
    return min(found) if found else None


def _app_key(d: Derived, *keys: str) -> bool:
    return any(k in m.keys for m in d.index.app_modules for k in keys)


# ------------------------------------------------------------------------ HTTPS


def https(d: Derived) -> Check:
    """Plain HTTP is redirected to HTTPS, by the app or by the proxy in front of it."""
    title = "HTTPS enforced (redirect HTTP)"
    found = [
        use.loc
        for _, use in d.index.app_items("middleware")
        if use.cls.rpartition(".")[2] == "HTTPSRedirectMiddleware"
    ]
    found += [f.loc for _, f in d.index.app_items("functions") if f.scheme_check and f.redirects]
    found += [loc for loc in (d.config.https,) if loc is not None]
    if found:
        passed = (_e("HTTP redirected to HTTPS", min(found)),)
        return Check("https", title, "P0", True, "HTTP is redirected to HTTPS", passed)
    missing = [_e("no HTTPSRedirectMiddleware and no redirect in a proxy config", d.anchor)]
    if d.config.https_nowhere is not None:
        text = "the redirect goes to https://$server_name, and server_name is '_': no host"
        missing.append(_e(text, d.config.https_nowhere))
    evidence = tuple(missing)
    fix = _fixes.plain(
        "redirect HTTP to HTTPS: app.add_middleware(HTTPSRedirectMiddleware) in production, "
        "or a redirect in the proxy in front of the app"
    )
    return Check("https", title, "P0", False, "HTTPS is not enforced", evidence, fix)


# ------------------------------------------------------------- security headers


def security_headers(d: Derived) -> Check:
    """HSTS, CSP and X-Frame-Options are set on responses."""
    title = "Security headers (HSTS, CSP, X-Frame)"
    found: dict[str, Location] = {}
    library = d.index.first_call("secure.", "secure_headers.")
    for header in _REQUIRED_HEADERS:
        loc = d.app_strings(header) or d.config.proxy_headers.get(header) or library
        if loc is not None:
            found[header] = loc
    evidence = [_e(f"{_HEADER_LABELS[h]} set", loc) for h, loc in found.items()]
    missing = [_HEADER_LABELS[h] for h in _REQUIRED_HEADERS if h not in found]
    if not missing:
        return Check(
            "security_headers",
            title,
            "P1",
            True,
            "HSTS, CSP and X-Frame-Options set",
            tuple(evidence),
        )
    evidence.append(_e(f"not set: {', '.join(missing)}", None if found else d.anchor))
    fix = _fixes.plain(
        "set Strict-Transport-Security, Content-Security-Policy and X-Frame-Options in a "
        "middleware or at the proxy"
    )
    return Check(
        "security_headers",
        title,
        "P1",
        False,
        f"missing {', '.join(missing)}",
        tuple(evidence),
        fix,
    )


# ------------------------------------------------------------- input validation


def input_validation(d: Derived) -> Check:
    """Every route takes typed, validated input: no raw bodies, no ``dict`` or untyped params."""
    title = "Input validation on all endpoints"
    routes = d.routes
    issues = [*routes.untyped_inputs, *routes.hand_parsed]
    if not issues:
        text = _typed_inputs_text(d)
        where = routes.views[0].route.loc if routes.views else d.anchor
        return Check("input_validation", title, "P1", True, text, (_e(text, where),))
    evidence = tuple(
        _e(f"{view.route.method.upper()} {view.path} {what}", loc) for view, what, loc in issues[:5]
    )
    fix = _fixes.plain(
        "take a Pydantic model (or typed parameters) for every input; never request.json()"
    )
    summary = f"{len(issues)} unvalidated input(s)"
    return Check("input_validation", title, "P1", False, summary, evidence, fix)


def _typed_inputs_text(d: Derived) -> str:
    routes = d.routes
    if not routes.views:
        return "no routes"
    taking = len(routes.with_input)
    none = len(routes.views) - taking
    if not none:
        return f"all {taking} routes take typed input"
    if not taking:
        return f"none of the {none} routes takes input of its own"
    verb = "route takes" if taking == 1 else "routes take"
    rest = "takes no input of its own" if none == 1 else "take no input of their own"
    return f"{taking} {verb} typed input; {none} {rest}"


# ---------------------------------------------------------------- SQL injection


def sql_injection(d: Derived) -> Check:
    """SQL text is constant: values go in as bound parameters or through the ORM."""
    title = "SQL injection prevented (parameterized queries)"
    dynamic = d.dynamic_sql
    if dynamic:
        how = {loc: callee for _, loc, unsafe, callee in d.sql if unsafe}
        evidence = tuple(
            _e(
                "SQL rendered with literal_binds: values inlined into the text"
                if how.get(loc) == "compile"
                else "SQL built from values (f-string, %, + or .format)",
                loc,
            )
            for loc in dynamic[:5]
        )
        fix = _fixes.plain(
            "pass values as bound parameters: text('... WHERE id = :id'), {'id': value}; "
            "never format them into the SQL"
        )
        return Check(
            "sql_injection",
            title,
            "P0",
            False,
            f"{len(dynamic)} query(ies) built from values",
            evidence,
            fix,
            True,
        )
    count = len(d.sql)
    text = (
        f"{count} SQL statement(s) in application code, each constant text "
        "(no value formatted into it)"
        if count
        else "no SQL text in application code: queries go through the ORM, or no database"
    )
    return Check(
        "sql_injection", title, "P0", True, text, (_e(text, d.sql[0][1] if d.sql else d.anchor),)
    )


# ---------------------------------------------------------- dependency scanning


def dependency_scanning(d: Derived) -> Check:
    """Dependencies are scanned for known vulnerabilities (pip-audit, safety, Trivy, ...).

    Dependabot configured for the Python packages, or Renovate, watches them too:
    GitHub matches what the bot tracks against the advisory database, and both
    propose the upgrade that closes a known vulnerability.
    """
    title = "Dependency scanning (pip-audit/safety)"
    scanners = d.config.scanners()
    bots = d.config.bots
    if scanners or bots:
        evidence = tuple(
            _e(f"dependency scan: {_command(text)}", loc) for loc, text in scanners[:3]
        )
        evidence += tuple(_e(f"dependencies watched by {_bot(loc)}", loc) for loc in bots[:1])
        return Check("dependency_scanning", title, "P1", True, "dependencies are scanned", evidence)
    ci = d.config.ci_files
    where = f"CI ({ci[0]})" if ci else "CI, pre-commit or a task runner"
    text = f"no pip-audit, safety or other vulnerability scan in {where}, no Dependabot or Renovate"
    evidence = (_e(text, d.manifest),)
    fix = _fixes.plain(
        "run pip-audit in CI (pypa/gh-action-pip-audit) or safety in a hook, or let Dependabot "
        "watch the Python dependencies"
    )
    return Check(
        "dependency_scanning", title, "P1", False, "dependencies are not scanned", evidence, fix
    )


def _bot(loc: Location) -> str:
    return "Renovate" if "renovate" in loc.path.lower() else "Dependabot"


def _command(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()] or [text]
    line = next((ln for ln in lines if _SCANNER_WORDS.search(ln)), lines[0])
    return line[:80]
