"""scoplan's built-in target kinds: one plugin module each, registered like any other.

Each module implements :func:`scoplan.hookspecs.scoplan_register_targets`; the plugin
manager loads them from :data:`scoplan.plugins.DEFAULT_PLUGINS`. The engine never imports
them itself.
"""
