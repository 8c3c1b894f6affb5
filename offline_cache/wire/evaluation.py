"""A 好差评 evaluation record (GB/T 39734-2020 / 39735-2020; STANDARDS.md §2).

Field names are the national platform's (camelCase) so that a record maps field for
field. The terminal sends ``pf`` = 5 (hall self-service or other terminal). No
certificate number travels: the hub never sees an ID number; ``userName`` is sent
masked (``张*``) or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from offline_cache.wire import _check as c
from offline_cache.wire.errors import WireError

SATISFACTION = {1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}
CHANNELS = {
    1: "PC",
    2: "mobile",
    3: "QR code",
    4: "hall tablet",
    5: "hall self-service or other terminal",
    6: "phone",
    7: "SMS",
}
SELF_SERVICE_TERMINAL = 5


@dataclass(frozen=True)
class Evaluation:
    """One rating of one case (or one window visit).

    Ratings of 1 or 2 must name at least one reason (``evalDetail``, indicator codes);
    a follow-up rating has ``assessNumber`` = 2.
    """

    id: str  # the terminal's own id for the record (idempotency key), e.g. a UUID
    satisfaction: int
    assessTime: str  # ISO 8601 with offset
    hallCode: str
    projectNo: str = ""  # 办件编号 ("" when the rating is of a window visit without a case)
    taskCode: str = ""
    taskHandleItem: str = ""
    taskName: str = ""
    subMatter: str = ""
    proStatus: int = 3  # 1 waiting, 2 in progress, 3 finished
    proDepart: str = ""
    proManager: str = ""
    areaCode: str = ""
    deptCode: str = ""
    userProp: int = 1  # 1 person, 2 legal person
    userName: str = ""  # masked, or empty when anonymous
    anonymityFlag: bool = True
    pf: int = SELF_SERVICE_TERMINAL
    evalDetail: list[str] = field(default_factory=list)
    writingEvaluation: str = ""
    assessNumber: int = 1
    windowNo: int | None = None
    workNo: str = ""  # the clerk's staff number (工号)
    projectType: int | None = None  # 1 即办件, 2 承诺件
    ticket: str = ""  # the queue number served, when known
    # The window's evaluation pad has five keys and collects no reasons: a pad rating of
    # 1 or 2 is sent with an empty evalDetail and this flag, and the reasons are asked
    # later (the kiosk's 好差评, the 回访 follow-up).
    reasonsPending: bool = False

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check the standard's rules (raises WireError)."""
        if isinstance(self.satisfaction, bool) or self.satisfaction not in SATISFACTION:
            raise WireError("satisfaction", "not 1 to 5")
        if self.pf not in CHANNELS:
            raise WireError("pf", "not a channel code 1 to 7")
        if self.satisfaction <= 2 and not self.evalDetail and not self.reasonsPending:
            raise WireError("evalDetail", "a rating of 1 or 2 needs at least one reason")
        if self.assessNumber not in (1, 2):
            raise WireError("assessNumber", "not 1 or 2")
        if self.proStatus not in (1, 2, 3):
            raise WireError("proStatus", "not 1, 2 or 3")
        if self.userProp not in (1, 2):
            raise WireError("userProp", "not 1 or 2")
        if self.projectType not in (None, 1, 2):
            raise WireError("projectType", "not 1 or 2")
        if not all(isinstance(code, str) and code for code in self.evalDetail):
            raise WireError("evalDetail", "an indicator code is not a string")
        if len(self.writingEvaluation) > 2000:
            raise WireError("writingEvaluation", "longer than 2000 characters")

    def to_dict(self) -> dict[str, Any]:
        return {name: (list(value) if isinstance(value, list) else value) for name, value in self.__dict__.items()}

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> Evaluation:
        d = c.mapping(d, where)
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(d) - known)
        if unknown:
            raise WireError(unknown[0], "unknown field")
        text_opt = {
            "projectNo",
            "taskCode",
            "taskHandleItem",
            "taskName",
            "subMatter",
            "proDepart",
            "proManager",
            "areaCode",
            "deptCode",
            "userName",
            "writingEvaluation",
            "workNo",
            "ticket",
        }
        kwargs: dict[str, Any] = {
            "id": c.text(d, "id", where, max_len=64),
            "satisfaction": c.integer(d, "satisfaction", where, low=1, high=5),
            "assessTime": c.text(d, "assessTime", where, max_len=40),
            "hallCode": c.text(d, "hallCode", where, max_len=64),
        }
        for name in text_opt:
            if name in d:
                kwargs[name] = c.text(d, name, where, max_len=2000, allow_empty=True)
        for name, low, high in (("proStatus", 1, 3), ("userProp", 1, 2), ("pf", 1, 7), ("assessNumber", 1, 2)):
            if name in d:
                kwargs[name] = c.integer(d, name, where, low=low, high=high)
        for name, low, high in (("windowNo", 1, 9999), ("projectType", 1, 2)):
            if d.get(name) is not None:
                kwargs[name] = c.integer(d, name, where, low=low, high=high)
        for name in ("anonymityFlag", "reasonsPending"):
            if name in d:
                kwargs[name] = c.boolean(d, name, where)
        if "evalDetail" in d:
            detail = d["evalDetail"]
            if not isinstance(detail, list) or not all(isinstance(x, str) and x for x in detail):
                raise WireError("evalDetail", "not a list of indicator codes")
            kwargs["evalDetail"] = list(detail)
        return cls(**kwargs)
