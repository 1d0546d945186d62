"""initial schema: station, users, farmers, consent, outbox, audit

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('changes', sa.Text(), server_default='{}', nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_entity_id'), ['entity_id'], unique=False)

    op.create_table('farmer',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('name_initials', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('resident_id_cipher', sa.Text(), nullable=False),
    sa.Column('resident_id_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('resident_id_masked', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('resident_id_last4', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('phone_cipher', sa.Text(), nullable=False),
    sa.Column('phone_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('phone_masked', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
    sa.Column('phone_last4', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('bank_card_cipher', sa.Text(), nullable=True),
    sa.Column('bank_card_masked', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('province', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('township', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('village', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('address_detail', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=True),
    sa.Column('education', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('coop_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('coop_uscc', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('registered_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('farmer', schema=None) as batch_op:
        batch_op.create_index('ix_farmer_id_last4_live', ['resident_id_last4', 'name'], unique=False, sqlite_where=sa.text('deleted = 0'))
        batch_op.create_index('ix_farmer_initials_live', ['name_initials', 'id'], unique=False, sqlite_where=sa.text('deleted = 0'))
        batch_op.create_index('ix_farmer_name_live', ['name', 'id'], unique=False, sqlite_where=sa.text('deleted = 0'))
        batch_op.create_index('ix_farmer_phone_hash', ['phone_hash'], unique=False)
        batch_op.create_index('ix_farmer_phone_last4_live', ['phone_last4', 'name'], unique=False, sqlite_where=sa.text('deleted = 0'))
        batch_op.create_index(batch_op.f('ix_farmer_station_id'), ['station_id'], unique=False)
        batch_op.create_index('ix_farmer_village_live', ['village', 'name', 'id'], unique=False, sqlite_where=sa.text('deleted = 0'))
        batch_op.create_index('uq_farmer_resident_id_live', ['resident_id_hash'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('local_meta',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('op', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)

    op.create_table('station',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('province', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('county_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_station_station_id'), ['station_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_station_id'), ['station_id'], unique=False)

    # Local to this device, never synced: a pulled user row must not reset a lockout.
    op.create_table('login_state',
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_login_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('user_id')
    )

    op.create_table('village',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('province', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('township', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_village_station_id'), ['station_id'], unique=False)

    op.create_table('consent',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('farmer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('scopes', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('granted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('staff_user_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('staff_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('form_printed', sa.Boolean(), nullable=False),
    sa.Column('withdrawn_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['farmer_id'], ['farmer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_farmer_id'), ['farmer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_station_id'), ['station_id'], unique=False)



def downgrade() -> None:
    op.drop_table('login_state')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_station_id'))
        batch_op.drop_index(batch_op.f('ix_consent_farmer_id'))

    op.drop_table('consent')
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_station_id'))
        batch_op.drop_index(batch_op.f('ix_village_name'))

    op.drop_table('village')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_station_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_station_station_id'))

    op.drop_table('station')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_entity_id'))

    op.drop_table('outbox')
    op.drop_table('local_meta')
    with op.batch_alter_table('farmer', schema=None) as batch_op:
        batch_op.drop_index('uq_farmer_resident_id_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index('ix_farmer_village_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index(batch_op.f('ix_farmer_station_id'))
        batch_op.drop_index('ix_farmer_phone_last4_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index('ix_farmer_phone_hash')
        batch_op.drop_index('ix_farmer_name_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index('ix_farmer_initials_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index('ix_farmer_id_last4_live', sqlite_where=sa.text('deleted = 0'))

    op.drop_table('farmer')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
