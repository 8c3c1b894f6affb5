"""The Qt Widgets user interface: the only package that imports PySide6.

One main window per role (``ui/windows.py``) with a stack of screens
(``ui/screens/``), reusable widgets (``ui/widgets/``), themes as tokens plus a
templated style sheet (``ui/theme.py``) and message texts per language (``ui/i18n``).
"""
