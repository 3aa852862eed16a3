"""Measured progress: indicators with baseline and target, their observed values (an RDF Data Cube), and an
assessment of each indicator and goal after the method of Eurostat's EU SDG monitoring report (docs/fortschritt.md)."""
