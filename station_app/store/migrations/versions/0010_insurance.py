"""weather days, insurance applications, moves and claims

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('weather_day',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('weather_station', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('precip_x10', sa.Integer(), nullable=True),
    sa.Column('tmax_x10', sa.Integer(), nullable=True),
    sa.Column('tmin_x10', sa.Integer(), nullable=True),
    sa.Column('tmean_x10', sa.Integer(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('weather_day', schema=None) as batch_op:
        batch_op.create_index('ix_weather_day_station_day', ['weather_station', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_weather_day_station_id'), ['station_id'], unique=False)

    op.create_table('insurance_application',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('application_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('farmer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('product_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('product_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('product', sa.Text(), nullable=False),
    sa.Column('weather_station', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('season_year', sa.Integer(), nullable=False),
    sa.Column('insured_mu_x100', sa.Integer(), nullable=False),
    sa.Column('sum_insured_fen', sa.Integer(), nullable=False),
    sa.Column('premium_fen', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Text(), nullable=False),
    sa.Column('season_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('loan_application_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('filed_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('filed_by_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('filed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['farmer_id'], ['farmer.id'], ),
    sa.ForeignKeyConstraint(['loan_application_id'], ['loan_application.id'], ),
    sa.ForeignKeyConstraint(['season_id'], ['planting_season.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('insurance_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insurance_application_application_no'), ['application_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_insurance_application_farmer_id'), ['farmer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_insurance_application_station_id'), ['station_id'], unique=False)

    op.create_table('insurance_claim',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('section_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('season_year', sa.Integer(), nullable=False),
    sa.Column('phase_first', sa.Date(), nullable=False),
    sa.Column('phase_last', sa.Date(), nullable=False),
    sa.Column('index_value', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('payout_per_mu', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('payout_fen', sa.Integer(), nullable=False),
    sa.Column('to_loan_fen', sa.Integer(), nullable=False),
    sa.Column('loan_repayment_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('computed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['insurance_application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('insurance_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insurance_claim_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_insurance_claim_station_id'), ['station_id'], unique=False)

    op.create_table('insurance_transition',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('from_state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('to_state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('actor_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('actor_role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['insurance_application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('insurance_transition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insurance_transition_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_insurance_transition_station_id'), ['station_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('insurance_transition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insurance_transition_station_id'))
        batch_op.drop_index(batch_op.f('ix_insurance_transition_application_id'))

    op.drop_table('insurance_transition')
    with op.batch_alter_table('insurance_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insurance_claim_station_id'))
        batch_op.drop_index(batch_op.f('ix_insurance_claim_application_id'))

    op.drop_table('insurance_claim')
    with op.batch_alter_table('insurance_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insurance_application_station_id'))
        batch_op.drop_index(batch_op.f('ix_insurance_application_farmer_id'))
        batch_op.drop_index(batch_op.f('ix_insurance_application_application_no'))

    op.drop_table('insurance_application')
    with op.batch_alter_table('weather_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weather_day_station_id'))
        batch_op.drop_index('ix_weather_day_station_day')

    op.drop_table('weather_day')
