"""The package's version, in one place below every other module.

``realpolitik.__version__`` re-exports it; the build reads it here (``tool.hatch.version``),
and the cache of reasoned graphs keys on it, which is why it sits below ``kg``.
"""

__version__ = "0.2.0"
