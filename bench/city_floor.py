"""The floor of bench/city.py: the least a request to the city hub could cost.

A minimal FastAPI app with one route, ``POST /floor``: one ``INSERT … RETURNING`` and a
commit per request, on the same PostgreSQL, with the hub's own engine settings
(``hub.db.make_engine``, the worker's pool) and served exactly as ``kiosk hub serve``
serves (``hub.serve.UVICORN``, the same listening socket, uvicorn's multiprocess
supervisor with ``--workers``). Whatever the city hub does beyond this (parsing and
checking the wire message, the hall's credential, idempotency, the platform outbox) is
what the bench's ratio measures.

    python bench/city_floor.py --db postgresql+psycopg://... --port P [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import sqlalchemy as sa
import uvicorn
from fastapi import Body, FastAPI

ENV = "KIOSK_BENCH_FLOOR_DB"
TABLE = sa.Table(
    "floor",
    sa.MetaData(),
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("hall", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)


def create_app() -> FastAPI:
    """The floor's app over the database named in ``KIOSK_BENCH_FLOOR_DB``."""
    from hub import db
    from hub.settings import HubSettings

    engine = db.make_engine(os.environ[ENV], pool_size=HubSettings.pool_size)
    app = FastAPI()

    @app.post("/floor", status_code=201)
    def floor(body: dict[str, Any] = Body(...)) -> dict[str, int]:
        with db.write(engine) as conn:
            new = conn.execute(
                TABLE.insert()
                .values(hall=str(body.get("hall", "")), body=json.dumps(body, ensure_ascii=False))
                .returning(TABLE.c.id)
            ).scalar_one()
        return {"id": new}

    return app


def main() -> int:
    from hub.serve import UVICORN, listening_socket

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    engine = sa.create_engine(args.db)
    TABLE.metadata.create_all(engine)
    engine.dispose()
    os.environ[ENV] = args.db
    sock = listening_socket("127.0.0.1", args.port)
    config = uvicorn.Config(
        "bench.city_floor:create_app", factory=True, host="127.0.0.1", port=args.port, workers=args.workers, **UVICORN
    )
    try:
        if args.workers == 1:
            uvicorn.Server(config).run(sockets=[sock])
        else:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
