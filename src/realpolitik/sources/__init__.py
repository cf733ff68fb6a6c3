"""The source documents a knowledge graph's facts are taken from: adding a document and its
evidence records (``documents``), and every sentence of a source accounted for
(``coverage``)."""
