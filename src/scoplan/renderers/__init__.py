"""scoplan's built-in report formats: one plugin module each, registered like any other.

Renderers return text (or bytes, for binary formats) and never print; the CLI decides
where it goes. Each module implements
:func:`scoplan.hookspecs.scoplan_register_renderers`.
"""
