"""draft_images: images uploaded to a draft, re-encoded, until the draft is published

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "draft_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "name", name="uq_draft_images_draft_name"),
    )
    op.create_index("ix_draft_images_draft_id", "draft_images", ["draft_id"])


def downgrade():
    op.drop_index("ix_draft_images_draft_id", table_name="draft_images")
    op.drop_table("draft_images")
