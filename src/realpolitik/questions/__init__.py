"""Stored questions: the catalogue of ``queries/*.rq`` files (``catalogue``), asking them of
a store with parameters bound as RDF terms (``ask``), checking them against their expected
answers (``competency``), and the same checks as a pytest plugin (``pytest_plugin``)."""
