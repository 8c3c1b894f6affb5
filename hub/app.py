"""``create_app(settings)``: the hub's FastAPI application."""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import FastAPI

from hub import db, errors, hall_secret, staff
from hub.body_guard import BodyGuard
from hub.context import HubContext
from hub.events import EventBell, EventFeed, poll_forever
from hub.notify import Listener, conninfo
from hub.queue import QueueRules
from hub.sd_notify import notify_systemd
from hub.settings import HubSettings
from hub.store import QueueStore
from hub.tokens import TokenChecker, watch_forever

__all__ = ["HubContext", "app_from_env", "create_app"]


def create_app(settings: HubSettings) -> FastAPI:
    """The hub app over ``settings.db_url`` (migrated first unless ``settings.migrate``
    is off)."""
    engine = db.make_engine(settings.db_url, pool_size=settings.pool_size)
    if settings.migrate:
        db.migrate(engine)
    rules = QueueRules(settings.hall, settings.clock)
    bell = EventBell()
    store = QueueStore(engine, rules, on_commit=bell.ring)
    store.ensure_windows()
    staff.seed_demo(engine, settings.hall.code, settings.clock)
    ctx = HubContext(settings, engine, rules, store, TokenChecker(engine, settings.clock), bell)
    ctx.feed = EventFeed(store, bell)
    ctx.person_key = hall_secret.person_key(engine, settings.hall.code)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        tasks = []
        if db.is_postgres(engine):  # NOTIFY wakes this worker; polling is the fallback
            listener = Listener(conninfo(engine), bell.ring)
            ctx.listener = listener
            tasks.append(asyncio.create_task(listener.run()))

            def interval() -> float:
                return settings.fallback_s if listener.up else settings.poll_s
        else:

            def interval() -> float:
                return settings.poll_s

        keep = 10 * settings.hall.event_retention
        tasks.append(asyncio.create_task(poll_forever(store, bell, interval, ctx.listeners, keep=keep)))
        tasks.append(asyncio.create_task(watch_forever(ctx.checker)))
        from hub.city import tasks as city_tasks  # the city link (issue 16)

        tasks.extend(city_tasks.start(settings, engine))
        if settings.systemd_notify:  # READY=1, then the watchdog's pings
            tasks.append(asyncio.create_task(notify_systemd()))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            engine.dispose()

    app = FastAPI(
        title="hall-kiosk hub",
        version="1",
        description="The hall's queue, evaluations and appointments (docs/hub-api.md).",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: hub/api_docs.py instead
        redoc_url=None,
    )
    app.state.hub = ctx
    errors.install(app)
    app.add_middleware(BodyGuard, checker=ctx.checker)  # the token before the body; sizes while read
    from hub.routes import (
        appointments,
        evaluations,
        events,
        health,
        pairing,
        public,
        queue,
        status,
        status_login,
    )

    for module in (health, queue, events, evaluations, appointments, status, status_login, public, pairing):
        app.include_router(module.router)
    from hub.routes import staff as staff_routes  # the clerks' sign-in (hub/staff.py)

    app.include_router(staff_routes.router)
    from hub.routes import cases, catalog, heartbeats, help, leases, licences

    for module in (cases, heartbeats, help, licences, catalog, leases):
        app.include_router(module.router)
    from hub.routes import (
        api_docs,  # /docs without a CDN
        assist,  # 帮办代办 audit steps, 办不成事 reports
    )

    app.include_router(assist.router)
    app.include_router(api_docs.router)
    if settings.city:  # the city tier: hall hubs' links (hub/city/routes.py)
        from hub.city.routes import router as city_router

        app.include_router(city_router)
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call (``kiosk hub serve --workers N``)."""
    return create_app(HubSettings.from_env())
