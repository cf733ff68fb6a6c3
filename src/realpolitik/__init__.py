"""realpolitik: a knowledge graph of states, alliances, agreements and sanctions."""

__version__ = "0.1.0"
