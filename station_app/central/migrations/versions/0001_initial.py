"""initial schema: stations, devices, records, change log

Revision ID: 0001
Revises: 
"""
import uuid

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('branch',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('change_counter',
    sa.Column('id', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('change_log',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index('ix_change_log_station_seq', ['station_id', 'seq'], unique=False)

    op.create_table('conflict_log',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kept_value', sa.JSON(), nullable=True),
    sa.Column('kept_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('lost_value', sa.JSON(), nullable=True),
    sa.Column('lost_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('lost_side', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('incoming_device_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('incoming_station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('current_device_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('server_version', sa.BigInteger(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflict_log', schema=None) as batch_op:
        batch_op.create_index('ix_conflict_log_record', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_log_station_id'), ['station_id'], unique=False)

    op.create_table('device',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('scope_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('owner_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('app_version', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('token_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('enrolled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_sha256')
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_owner_id'), ['owner_id'], unique=False)

    op.create_table('enrollment_code',
    sa.Column('code_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('scope_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('owner_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('used_by_device', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.PrimaryKeyConstraint('code_sha256')
    )
    op.create_table('idempotency',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('device_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('body_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('server_meta',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('sync_record',
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('field_clock', sa.JSON(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('updated_by_device', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'entity_id')
    )
    with op.batch_alter_table('sync_record', schema=None) as batch_op:
        batch_op.create_index('ix_sync_record_station_entity', ['station_id', 'entity'], unique=False)

    op.create_table('station',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('branch_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_station_branch_id'), ['branch_id'], unique=False)


    # This server's identity and the change-log counter (one row each, made once).
    op.bulk_insert(sa.table('server_meta', sa.column('key', sa.String), sa.column('value', sa.String)),
                   [{'key': 'server_id', 'value': str(uuid.uuid4())}])
    op.bulk_insert(sa.table('change_counter', sa.column('id', sa.SmallInteger),
                            sa.column('last_seq', sa.BigInteger)),
                   [{'id': 1, 'last_seq': 0}])


def downgrade() -> None:
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_station_branch_id'))

    op.drop_table('station')
    with op.batch_alter_table('sync_record', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_record_station_entity')

    op.drop_table('sync_record')
    op.drop_table('server_meta')
    op.drop_table('idempotency')
    op.drop_table('enrollment_code')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_owner_id'))

    op.drop_table('device')
    with op.batch_alter_table('conflict_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_log_station_id'))
        batch_op.drop_index('ix_conflict_log_record')

    op.drop_table('conflict_log')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_station_seq')

    op.drop_table('change_log')
    op.drop_table('change_counter')
    op.drop_table('branch')
