"""The shared sweep of malformed requests over a service's OpenAPI document (sweep.py),
the malformed files it sends to routes taking CSV or XLSX (files.py), and its own test."""
