"""SDG coverage: the matrix, gaps and paths, the index built at load, reports and charts."""
