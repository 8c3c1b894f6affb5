"""The demo hall's name, one source for the terminals' default ``[hall] name`` and the
embedded hub's demo hall: /status showed 演示政务服务大厅 while every terminal said
碑林区政务服务中心（示例） (issue 14, finding 14)."""

DEMO_HALL_NAME = "碑林区政务服务中心（示例）"  # the demo catalog's XA-H02, marked as sample
#: Its English name: what the screens, tickets and board show in English (issue 14, finding 15).
DEMO_HALL_NAME_EN = "Beilin District Government Service Centre (sample)"
