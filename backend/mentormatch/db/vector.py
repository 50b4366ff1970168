"""The one place the schema fixes the embedding dimension and how the searched vectors are indexed.

The embedding service reads the dimension from the model it loads and refuses to start when it differs
from this one: a model with another dimension needs a migration of the vector columns, then a reindex.
"""

EMBEDDING_DIMENSIONS = 384

# HNSW build parameters of the index matching searches (expertise items); the benchmark builds the same.
# Measured with `bench.match_speed` data at 100,000 mentors: m 24 / ef_construction 128 and m 32 / 200 did
# not reliably beat these (recall@10 over 16 queries 0.83 and 0.79 against 0.78 at ef_search 100) while
# slowing imports by a fifth. The misses there come from dense clusters of near-identical items that trap
# the graph search whatever the build parameters, not from a sparse graph.
EXPERTISE_HNSW = {"m": 16, "ef_construction": 64}
