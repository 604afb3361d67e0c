"""Query time: parse a query, match it against facts (through the index for a large store), score, filter."""
