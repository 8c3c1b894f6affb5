"""The citizens' kiosk, one room per flow (issue 15).

``ui/kiosk_window.py`` keeps the stack, the header, the visit's timeout and the theme;
each flow is a room here (``room.Room``: ``open``, ``forget``, ``wipe``):

    home.py        the home tiles and its notice (请取走身份证)
    guides.py      办事指南: search, a guide, 一件事 bundles, 打印一次性告知单
    browse.py      分类浏览 and 政务地图
    tickets.py     取号 and 预约签到, the ID reader's short waits
    cases.py       自助申报 (with case_identify.py, case_papers.py), 办件查询 and 好差评 (case_query.py)
    assist.py      呼叫帮助 and helper mode; unresolved.py: 办不成事

Nothing is imported here: each room is loaded when the window first needs it.
"""
