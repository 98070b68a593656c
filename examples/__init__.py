"""Runnable examples of moonbox (``python -m examples.pygame_demo``)."""
