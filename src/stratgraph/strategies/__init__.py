"""The strategies: opened and validated (one way in), scoped, their links, workbooks and counts."""
