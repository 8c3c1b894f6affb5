"""The floor for bench/hub.py: the least a ticket issue could cost on this stack.

    python bench/hub_floor.py --db URL --port N [--workers N]

A minimal FastAPI app on the hub's own server settings (``hub.serve``: uvicorn, the same
options, the same listening socket, the same worker model) and the hub's own engine on
the same database (``hub.db.make_engine`` and ``hub.db.write``: WAL, BEGIN IMMEDIATE,
the writers' lock). ``POST /floor`` does one ``INSERT ... RETURNING`` and commits; no
token, no queue rules, no events. bench/hub.py measures it like the hub, in the same
run, and prints the hub's ratio to it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import sqlalchemy as sa
import uvicorn
from fastapi import Body, FastAPI
from fastapi.responses import JSONResponse

from hub import db
from hub.serve import UVICORN, listening_socket

ENV = "HUB_FLOOR_DB"
metadata = sa.MetaData()
floor = sa.Table(
    "bench_floor",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("service", sa.String(8), nullable=False),
    sa.Column("created", sa.Float, nullable=False),
)


def create_app(db_url: str) -> FastAPI:
    engine = db.make_engine(db_url, pool_size=8)
    app = FastAPI()

    @app.get("/api/v1/health")
    def health() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/floor", status_code=201)
    def insert(body: dict[str, Any] = Body(...)) -> JSONResponse:
        with db.write(engine) as conn:
            new_id = conn.execute(
                floor.insert().values(service=str(body.get("service", "A")), created=time.time()).returning(floor.c.id)
            ).scalar_one()
        return JSONResponse({"id": new_id}, status_code=201)

    return app


def app_from_env() -> FastAPI:
    """Each worker's app (``--workers`` > 1), as ``hub.app:app_from_env``."""
    return create_app(os.environ[ENV])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    engine = db.make_engine(args.db, pool_size=1)
    try:
        metadata.create_all(engine)  # beside the hub's tables, in the same database
    finally:
        engine.dispose()
    sock = listening_socket(args.host, args.port)
    try:
        if args.workers == 1:
            uvicorn.Server(uvicorn.Config(create_app(args.db), **UVICORN)).run(sockets=[sock])
        else:
            from uvicorn.supervisors import Multiprocess

            os.environ[ENV] = args.db  # the workers find this module on the path they inherit
            config = uvicorn.Config(
                "hub_floor:app_from_env", factory=True, host=args.host, port=args.port, workers=args.workers, **UVICORN
            )
            Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
