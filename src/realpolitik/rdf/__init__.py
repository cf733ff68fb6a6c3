"""RDF plumbing that knows nothing of realpolitik's domain: namespaces and prefixes, single
terms (and the one bridge between pyoxigraph and rdflib terms), RDF file formats, SPARQL
text (headers, syntax errors, parameter binding) and query results."""
