"""Objectives are embedded as needs (without their frame): their content hash gets the need marker.

The stored vectors of objectives were embedded from the whole text; they keep answering until
`mentormatch reindex` re-embeds them (the README's upgrade note says so). Rehashing now keeps an
objective's vector from being reused for the same text as expertise, or the other way round.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-15
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# mentormatch.profiles.service.NEED_MARKER ("need" and a NUL byte), as a bytea literal.
_MARKER = r"'\x6e65656400'::bytea"


def upgrade() -> None:
    op.execute(
        f"UPDATE profile_items SET content_hash = sha256({_MARKER} || convert_to(text, 'UTF8'))"
        " WHERE kind = 'OBJECTIVE'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE profile_items SET content_hash = sha256(convert_to(text, 'UTF8')) WHERE kind = 'OBJECTIVE'"
    )
