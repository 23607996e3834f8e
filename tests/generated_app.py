"""A large FastAPI project written on demand, for benchmarks and scaling tests.

The layout is a src-layout package with one module per feature. Each feature
module has a router with ``routes`` path operations, pydantic schemas and a
dependency that ``Depends`` on the previous feature's dependency, so the
dependency chains cross modules and every feature defines functions with the
same names (the case that punishes resolving a dependency by its bare name).
Core modules hold the settings, the database session and the security
dependency. About 145 lines per feature module at 20 routes.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = "bigapp"

_CONFIG = '''"""Settings read from the environment."""

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "sqlite:///./app.db"
    secret_key: str
    debug: bool = False


settings = Settings()
'''

_DB = '''"""The database session."""

from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .config import settings

engine = create_engine(settings.database_url)
SessionLocal = sessionmaker(bind=engine)


class Base(DeclarativeBase):
    pass


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
'''

_SECURITY = '''"""Who is calling."""

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

from .config import settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token")


def get_current_user(token: str = Depends(oauth2_scheme)) -> dict[str, str]:
    try:
        return jwt.decode(token, settings.secret_key, algorithms=["HS256"])
    except jwt.PyJWTError as error:
        raise HTTPException(status_code=401, detail="invalid token") from error
'''

_FEATURE_HEAD = '''"""Feature {n}: items."""

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ..core.db import get_db
from ..core.security import get_current_user
{upstream}
router = APIRouter(prefix="/f{n}", tags=["f{n}"])


class ItemIn(BaseModel):
    name: str
    price: float


class ItemOut(ItemIn):
    id: int


def get_service({service_args}) -> Session:
    return db
'''

_ROUTE = """

@router.{method}("/items{index}", response_model=ItemOut)
async def handle_{index}(
    item: ItemIn, service: Session = Depends(get_service), user=Depends(get_current_user)
) -> ItemOut:
    return ItemOut(id={index}, name=item.name, price=item.price)
"""

_METHODS = ("get", "post", "put", "delete")


def generate(root: Path, modules: int, routes: int = 20) -> Path:
    """Write a project of ``modules`` feature modules with ``routes`` routes each under ``root``.

    Returns:
        ``root``, for chaining.
    """
    package = root / "src" / PACKAGE
    (package / "core").mkdir(parents=True)
    (package / "features").mkdir()
    (root / "pyproject.toml").write_text(_pyproject(), encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "core" / "__init__.py").write_text("", encoding="utf-8")
    (package / "core" / "config.py").write_text(_CONFIG, encoding="utf-8")
    (package / "core" / "db.py").write_text(_DB, encoding="utf-8")
    (package / "core" / "security.py").write_text(_SECURITY, encoding="utf-8")
    (package / "features" / "__init__.py").write_text("", encoding="utf-8")
    for n in range(modules):
        text = _feature(n, routes)
        (package / "features" / f"f{n:04d}.py").write_text(text, encoding="utf-8")
    (package / "main.py").write_text(_main(modules), encoding="utf-8")
    return root


def _feature(n: int, routes: int) -> str:
    if n == 0:
        upstream, args = "", "db: Session = Depends(get_db)"
    else:
        upstream = f"from . import f{n - 1:04d} as upstream\n"
        args = "db: Session = Depends(upstream.get_service)"
    head = _FEATURE_HEAD.format(n=f"{n:04d}", upstream=upstream, service_args=args)
    body = "".join(
        _ROUTE.format(method=_METHODS[i % len(_METHODS)], index=i) for i in range(routes)
    )
    return head + body


def _main(modules: int) -> str:
    imports = "".join(
        f"from .features.f{n:04d} import router as f{n:04d}_router\n" for n in range(modules)
    )
    includes = "".join(f"app.include_router(f{n:04d}_router)\n" for n in range(modules))
    return (
        '"""The application."""\n\nfrom fastapi import FastAPI\n\n'
        f"{imports}\napp = FastAPI(title='bigapp')\n\n{includes}"
    )


def _pyproject() -> str:
    return (
        '[project]\nname = "bigapp"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
        'dependencies = ["fastapi>=0.115", "pydantic-settings>=2", "sqlalchemy>=2", "pyjwt"]\n'
    )
