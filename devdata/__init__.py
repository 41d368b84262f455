"""Development and benchmark data, never installed in production.

Owns the synthetic dataset (synthetic.py, written through bulk.py's plain INSERTs and
COPY), the generated articles ingest is benchmarked on (articles.py), their commands
(generate_dataset, benchmark_ingest) and the benchmark's baseline page (urls.py). It may
import from events; nothing in events or diplo imports it. Settings install it only with
debug on or for the benchmark (DIPLO_BENCH).
"""
