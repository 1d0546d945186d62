"""user names unique per station (or branch), not per database

A branch computer pulls the accounts of every station of its branch; two stations may both
have an ``admin``.  The old table-wide UNIQUE(username) made the second one a sync conflict.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 01:10:00
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# The first migration left the constraint unnamed; this convention names it for batch mode.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint('uq_user_account_username', type_='unique')
        batch_op.create_unique_constraint('uq_user_account_station_username',
                                          ['station_id', 'username'])


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint('uq_user_account_station_username', type_='unique')
        batch_op.create_unique_constraint('uq_user_account_username', ['username'])
