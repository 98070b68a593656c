"""A small arena shooter whose entities are scripted by Lua mods, with a live mod HUD.

Run ``python -m examples.pygame_demo --help``.  Modules: :mod:`.world` (simulation),
:mod:`.api` (the ``entities``/``game`` API plugin), :mod:`.game` (host + world, no
window), :mod:`.render` (pygame drawing and HUD), :mod:`.app` (window, input, CLI).
"""
