"""The one place the schema fixes the embedding dimension and how the searched vectors are indexed.

The embedding service reads the dimension from the model it loads and refuses to start when it differs
from this one: a model with another dimension needs a migration of the vector columns, then a reindex.
"""

EMBEDDING_DIMENSIONS = 384

# HNSW build parameters of the index matching searches (expertise items). Measured with
# `bench.match_speed` at 100,000 mentors: m 16 / ef_construction 64 found only 75% of the true 50
# nearest items at ef_search 100 (recall@10 of the final ranking 0.67-0.90 across builds); m 24 /
# ef_construction 128 finds 92% and gives recall@10 0.97 (1.0 at ef_search 200), for a build about 30%
# slower. The other vector indexes are not searched by matching and keep pgvector's defaults.
EXPERTISE_HNSW = {"m": 24, "ef_construction": 128}
