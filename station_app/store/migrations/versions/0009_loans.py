"""loan applications, transitions, repayments and order-loan events

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('loan_application',
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
    sa.Column('product_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('product_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('annual_rate', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('fees_fen', sa.Integer(), nullable=False),
    sa.Column('annualized_rate', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('planned_disbursement', sa.Date(), nullable=False),
    sa.Column('maturity', sa.Date(), nullable=False),
    sa.Column('season_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('guarantor', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('insurance_policy_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('score_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('credit_limit_fen', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('order_ids', sa.Text(), nullable=False),
    sa.Column('filed_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('filed_by_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('filed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('chain_head', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('chain_length', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['farmer_id'], ['farmer.id'], ),
    sa.ForeignKeyConstraint(['score_id'], ['credit_score.id'], ),
    sa.ForeignKeyConstraint(['season_id'], ['planting_season.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('loan_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_application_application_no'), ['application_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_application_farmer_id'), ['farmer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_application_station_id'), ['station_id'], unique=False)

    op.create_table('loan_event',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['loan_application.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('application_id', 'seq', name='uq_loan_event_seq')
    )
    with op.batch_alter_table('loan_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_event_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_event_station_id'), ['station_id'], unique=False)

    op.create_table('loan_repayment',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_by_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['loan_application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('loan_repayment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_repayment_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_repayment_station_id'), ['station_id'], unique=False)

    op.create_table('loan_transition',
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
    sa.ForeignKeyConstraint(['application_id'], ['loan_application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('loan_transition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_transition_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_transition_station_id'), ['station_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('loan_transition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_transition_station_id'))
        batch_op.drop_index(batch_op.f('ix_loan_transition_application_id'))

    op.drop_table('loan_transition')
    with op.batch_alter_table('loan_repayment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_repayment_station_id'))
        batch_op.drop_index(batch_op.f('ix_loan_repayment_application_id'))

    op.drop_table('loan_repayment')
    with op.batch_alter_table('loan_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_event_station_id'))
        batch_op.drop_index(batch_op.f('ix_loan_event_application_id'))

    op.drop_table('loan_event')
    with op.batch_alter_table('loan_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_application_station_id'))
        batch_op.drop_index(batch_op.f('ix_loan_application_farmer_id'))
        batch_op.drop_index(batch_op.f('ix_loan_application_application_no'))

    op.drop_table('loan_application')
