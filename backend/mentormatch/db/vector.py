"""The one place the schema fixes the embedding dimension.

The embedding service reads the dimension from the model it loads and refuses to start when it differs
from this one: a model with another dimension needs a migration of the vector columns, then a reindex.
"""

EMBEDDING_DIMENSIONS = 384
